//! `into_owned`: detach a decoded message from its input buffer (to keep it across frames,
//! e.g. to compare the MM Context of a relocation with a later S1AP/X2AP message).

use super::context::{MmContext, PdpContext, Quintuplet, SecurityContext, Triplet};
use super::ie::{GsnAddress, Ie, PrivateExtension, RabSetupInformation, TargetIdentification};
use super::{ExtensionHeader, Header, Message};

impl Triplet<'_> {
    /// A copy that owns its octets.
    pub fn into_owned(self) -> Triplet<'static> {
        Triplet {
            rand: self.rand.into_owned(),
            sres: self.sres.into_owned(),
            kc: self.kc.into_owned(),
        }
    }
}

impl Quintuplet<'_> {
    /// A copy that owns its octets.
    pub fn into_owned(self) -> Quintuplet<'static> {
        Quintuplet {
            rand: self.rand.into_owned(),
            xres: self.xres.into_owned(),
            ck: self.ck.into_owned(),
            ik: self.ik.into_owned(),
            autn: self.autn.into_owned(),
        }
    }
}

fn quintuplets(v: Vec<Quintuplet<'_>>) -> Vec<Quintuplet<'static>> {
    v.into_iter().map(Quintuplet::into_owned).collect()
}

impl SecurityContext<'_> {
    /// A copy that owns its octets.
    pub fn into_owned(self) -> SecurityContext<'static> {
        match self {
            SecurityContext::UsedCipherUmtsKeysAndQuintuplets {
                used_cipher,
                ck,
                ik,
                quintuplets: q,
            } => SecurityContext::UsedCipherUmtsKeysAndQuintuplets {
                used_cipher,
                ck: ck.into_owned(),
                ik: ik.into_owned(),
                quintuplets: quintuplets(q),
            },
            SecurityContext::GsmKeyAndTriplets {
                used_cipher,
                kc,
                triplets,
            } => SecurityContext::GsmKeyAndTriplets {
                used_cipher,
                kc: kc.into_owned(),
                triplets: triplets.into_iter().map(Triplet::into_owned).collect(),
            },
            SecurityContext::UmtsKeysAndQuintuplets {
                spare,
                ck,
                ik,
                quintuplets: q,
            } => SecurityContext::UmtsKeysAndQuintuplets {
                spare,
                ck: ck.into_owned(),
                ik: ik.into_owned(),
                quintuplets: quintuplets(q),
            },
            SecurityContext::GsmKeyAndQuintuplets {
                used_cipher,
                kc,
                quintuplets: q,
            } => SecurityContext::GsmKeyAndQuintuplets {
                used_cipher,
                kc: kc.into_owned(),
                quintuplets: quintuplets(q),
            },
        }
    }
}

impl MmContext<'_> {
    /// A copy that owns its octets.
    pub fn into_owned(self) -> MmContext<'static> {
        MmContext {
            octet4_bits_8_4: self.octet4_bits_8_4,
            cksn_ksi: self.cksn_ksi,
            security: self.security.into_owned(),
            drx_parameter: self.drx_parameter,
            ms_network_capability: self.ms_network_capability.into_owned(),
            container: self.container.into_owned(),
            trailing: self.trailing.into_owned(),
        }
    }
}

impl PdpContext<'_> {
    /// A copy that owns its octets.
    pub fn into_owned(self) -> PdpContext<'static> {
        PdpContext {
            qos_subscribed: self.qos_subscribed.into_owned(),
            qos_requested: self.qos_requested.into_owned(),
            qos_negotiated: self.qos_negotiated.into_owned(),
            pdp_address: self.pdp_address.into_owned(),
            ggsn_address_control_plane: self.ggsn_address_control_plane.into_owned(),
            ggsn_address_user_traffic: self.ggsn_address_user_traffic.into_owned(),
            apn: self.apn.into_owned(),
            trailing: self.trailing.into_owned(),
            ea: self.ea,
            vaa: self.vaa,
            asi: self.asi,
            order: self.order,
            nsapi: self.nsapi,
            sapi: self.sapi,
            sequence_number_down: self.sequence_number_down,
            sequence_number_up: self.sequence_number_up,
            send_npdu_number: self.send_npdu_number,
            receive_npdu_number: self.receive_npdu_number,
            uplink_teid_control_plane: self.uplink_teid_control_plane,
            uplink_teid_data_i: self.uplink_teid_data_i,
            pdp_context_identifier: self.pdp_context_identifier,
            pdp_type_organisation: self.pdp_type_organisation,
            pdp_type_number: self.pdp_type_number,
        }
    }
}

impl RabSetupInformation<'_> {
    /// A copy that owns its octets.
    pub fn into_owned(self) -> RabSetupInformation<'static> {
        RabSetupInformation {
            nsapi: self.nsapi,
            teid_data_i: self.teid_data_i,
            rnc_ip_address: self.rnc_ip_address.into_owned(),
        }
    }
}

impl Ie<'_> {
    /// A copy that owns its octets.
    pub fn into_owned(self) -> Ie<'static> {
        match self {
            Ie::Cause(x) => Ie::Cause(x),
            Ie::Imsi(x) => Ie::Imsi(x),
            Ie::Rai(x) => Ie::Rai(x),
            Ie::Tlli(x) => Ie::Tlli(x),
            Ie::PTmsi(x) => Ie::PTmsi(x),
            Ie::AuthenticationTriplet(x) => Ie::AuthenticationTriplet(x.into_owned()),
            Ie::PTmsiSignature(x) => Ie::PTmsiSignature(x),
            Ie::MsValidated(x) => Ie::MsValidated(x),
            Ie::Recovery(x) => Ie::Recovery(x),
            Ie::TeidDataI(x) => Ie::TeidDataI(x),
            Ie::TeidControlPlane(x) => Ie::TeidControlPlane(x),
            Ie::TeidDataIi(x) => Ie::TeidDataIi(x),
            Ie::Nsapi(x) => Ie::Nsapi(x),
            Ie::RanapCause(x) => Ie::RanapCause(x),
            Ie::RabContext(x) => Ie::RabContext(x),
            Ie::RadioPrioritySms(x) => Ie::RadioPrioritySms(x),
            Ie::RadioPriority(x) => Ie::RadioPriority(x),
            Ie::PacketFlowId(x) => Ie::PacketFlowId(x),
            Ie::ChargingCharacteristics(x) => Ie::ChargingCharacteristics(x),
            Ie::ChargingId(x) => Ie::ChargingId(x),
            Ie::MmContext(x) => Ie::MmContext(x.into_owned()),
            Ie::PdpContext(x) => Ie::PdpContext(x.into_owned()),
            Ie::GsnAddress(x) => Ie::GsnAddress(match x {
                GsnAddress::V4(a) => GsnAddress::V4(a),
                GsnAddress::V6(a) => GsnAddress::V6(a),
                GsnAddress::Other(o) => GsnAddress::Other(o.into_owned()),
            }),
            Ie::AuthenticationQuintuplet(x) => Ie::AuthenticationQuintuplet(x.into_owned()),
            Ie::TargetIdentification(x) => Ie::TargetIdentification(TargetIdentification {
                rai: x.rai,
                rnc_id: x.rnc_id,
                extended_rnc_id: x.extended_rnc_id,
                trailing: x.trailing.into_owned(),
            }),
            Ie::UtranTransparentContainer(x) => Ie::UtranTransparentContainer(x.into_owned()),
            Ie::RabSetupInformation(x) => Ie::RabSetupInformation(x.into_owned()),
            Ie::AdditionalRabSetupInformation(x) => {
                Ie::AdditionalRabSetupInformation(x.into_owned())
            }
            Ie::RatType(x) => Ie::RatType(x),
            Ie::ImeiSv(x) => Ie::ImeiSv(x),
            Ie::SelectedPlmnId(x) => Ie::SelectedPlmnId(x),
            Ie::ExtendedRanapCause(x) => Ie::ExtendedRanapCause(x),
            Ie::PrivateExtension(x) => Ie::PrivateExtension(PrivateExtension {
                extension_identifier: x.extension_identifier,
                value: x.value.into_owned(),
            }),
            Ie::Tv { ie_type, value } => Ie::Tv {
                ie_type,
                value: value.into_owned(),
            },
            Ie::Tlv { ie_type, value } => Ie::Tlv {
                ie_type,
                value: value.into_owned(),
            },
        }
    }
}

impl Message<'_> {
    /// A copy that owns all its octets.
    pub fn into_owned(self) -> Message<'static> {
        let h = self.header;
        Message {
            header: Header {
                message_type: h.message_type,
                teid: h.teid,
                spare: h.spare,
                e: h.e,
                s: h.s,
                pn: h.pn,
                sequence_number: h.sequence_number,
                npdu_number: h.npdu_number,
                next_extension_type: h.next_extension_type,
                extensions: h
                    .extensions
                    .into_iter()
                    .map(|x| ExtensionHeader {
                        ext_type: x.ext_type,
                        content: x.content.into_owned(),
                    })
                    .collect(),
            },
            ies: self.ies.into_iter().map(Ie::into_owned).collect(),
        }
    }
}
