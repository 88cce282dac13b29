//! The like-for-like S1AP codec comparison with oxirush-s1ap: the three pairs of operations
//! the criterion bench (`benches/codec.rs`) and the instruction-count loop
//! (`src/bin/peerloop.rs`) both run, so that the two measure the very same code. keyhop's side
//! is always built; the peer's needs the feature `peer`.
//!
//! What each oxirush-s1ap 0.3.0 call does (read in its source and in oxirush-aper 0.1.0's):
//! * `S1AP_PDU::decode_borrowed` reads the envelope octet by octet (alternative, procedure
//!   code, criticality, the message's length) and keeps the message as borrowed octets; no IE
//!   is read. (`decode` does the same and copies the message into a `Vec`; the borrowing one
//!   is used here, the cheaper of the two, as keyhop borrows too.)
//! * `check_structure()` finds the message's object set, walks the IE container once for each
//!   IE's id and criticality (the values skipped by their lengths) and compares that list with
//!   the object set: presence, order, repetition, criticality. No value is decoded.
//! * `check()` walks the container into a `Vec` of fields, walks it a second time with a
//!   fault-noting reader (non-canonical encodings of the container), then for every IE of the
//!   object set decodes its value as its type with the fault-noting reader and encodes it again
//!   with the strict encoder (to find values outside the root of an extensible constraint),
//!   then the same presence/order/criticality comparison. What a value holds as an open type
//!   is not decoded: the items of an E-RAB list (ProtocolIE-SingleContainer) and extension
//!   containers stay octets. keyhop's full decode types those too, so `check()` does less
//!   typing and more re-encoding than keyhop's decode; it is the peer's only call that
//!   decodes every IE value.
//! * Encoding from typed values: what `build_s1ap!` expands to, the peer's fastest way to
//!   build a message: a message builder (`__Message`) writes each IE's id and criticality and
//!   encodes its typed value straight into one buffer, then the PDU envelope is written around
//!   the message octets. The value of an E-RAB list IE is built as `build_s1ap_ie!` builds
//!   items: each item's typed value encoded into its own open type, the list then encoded.
//!   So are the bearers of an eNB-StatusTransfer-TransparentContainer. Extension containers
//!   inside values stay as oxirush holds them, octets. The typed values are decoded from the
//!   bench PDU once, before the timing.
//!
//! keyhop's side: the envelope and IE-list walk is [`LazyPdu::decode`] (ids, criticalities
//! and value octets kept, no object-set comparison), the full decode is [`s1ap::decode`]
//! (every IE typed, E-RAB list items and extensions included), the encode is [`s1ap::encode`]
//! of the decoded PDU with every kept wire octet string cleared (see [`typed_only`]).
#![allow(clippy::type_complexity)]

use keyhop_codec::ap::{Body, LazyPdu};
use keyhop_codec::s1ap::{self, S1apIe, S1apPdu};

/// keyhop: the envelope and the IE list (ids, criticalities, value octets), no value decoded.
#[inline(never)]
pub fn keyhop_walk(b: &[u8]) -> LazyPdu<'_> {
    LazyPdu::decode::<s1ap::S1ap, S1apIe<'_>>(b).expect("keyhop walks its bench PDUs")
}

/// keyhop: the full typed decode.
#[inline(never)]
pub fn keyhop_decode(b: &[u8]) -> S1apPdu<'_> {
    s1ap::decode(b).expect("keyhop decodes its bench PDUs")
}

/// keyhop: encode from typed values (give it a PDU passed through [`typed_only`]).
#[inline(never)]
pub fn keyhop_encode(pdu: &S1apPdu<'_>) -> Vec<u8> {
    s1ap::encode(pdu).expect("keyhop encodes its bench PDUs")
}

/// The decoded PDU with no octets kept from the wire, so that encoding it encodes every IE
/// from its typed value: the top-level IEs' `wire` cleared. The codec keeps `wire` octets (at
/// any depth) only when decoding noted something odd in them, so a PDU whose decode raised no
/// note has none left anywhere; the caller checks that with [`keyhop_typed`].
pub fn typed_only<'a>(mut pdu: S1apPdu<'a>) -> S1apPdu<'a> {
    if let Body::Ies(m) = &mut pdu.body {
        for ie in &mut m.ies.items {
            ie.wire = None;
        }
    }
    pdu
}

/// keyhop's typed PDU for the encode bench: decoded, wire octets cleared, and checked to have
/// kept nothing from the wire (no decode note) and to encode back to the same octets.
pub fn keyhop_typed(b: &[u8]) -> Result<S1apPdu<'_>, String> {
    let pdu = keyhop_decode(b);
    if !pdu.notes.is_empty() {
        return Err(format!(
            "{} decode note(s): nested IEs may keep wire octets",
            pdu.notes.len()
        ));
    }
    let pdu = typed_only(pdu);
    if keyhop_encode(&pdu) != b {
        return Err("keyhop's typed encode differs from the bench octets".into());
    }
    Ok(pdu)
}

#[cfg(feature = "peer")]
pub use self::peer::*;

/// The oxirush-s1ap side.
#[cfg(feature = "peer")]
mod peer {
    use oxirush_s1ap::aper::protocol::{__Field, __Message, Ie, List};
    use oxirush_s1ap::s1ap::*;
    use oxirush_s1ap::{ie, S1ap};

    /// The peer's error type.
    pub type PeerError = oxirush_s1ap::Error;

    /// oxirush-s1ap: envelope, then the container's structure (ids, criticalities, lengths).
    #[inline(never)]
    pub fn peer_structure(b: &[u8]) -> Result<usize, PeerError> {
        let pdu = S1AP_PDU::decode_borrowed(b)?;
        Ok(pdu.check_structure()?.len())
    }

    /// oxirush-s1ap: envelope, then `check()`, which decodes every IE value of the message.
    #[inline(never)]
    pub fn peer_check(b: &[u8]) -> Result<usize, PeerError> {
        let pdu = S1AP_PDU::decode_borrowed(b)?;
        Ok(pdu.check()?.len())
    }

    /// A typed value of the peer, written into a message or into an item's open type.
    trait PeerValue {
        fn write(&self, m: &mut __Message<S1ap>, id: u16, criticality: Criticality);
        fn field(
            &self,
            id: u16,
            criticality: Criticality,
        ) -> Result<ProtocolIEField<'static>, PeerError>;
    }

    impl<T: oxirush_s1ap::aper::Encode> PeerValue for T {
        #[inline]
        fn write(&self, m: &mut __Message<S1ap>, id: u16, criticality: Criticality) {
            m.ie(id, criticality, self);
        }
        #[inline]
        fn field(
            &self,
            id: u16,
            criticality: Criticality,
        ) -> Result<ProtocolIEField<'static>, PeerError> {
            Ok(ProtocolIEField::new(
                id,
                criticality,
                encode_open_type(self)?,
            ))
        }
    }

    /// An item of an E-RAB list: ProtocolIE-SingleContainer with its typed value.
    struct PeerItem<'a> {
        id: u16,
        criticality: Criticality,
        value: Box<dyn PeerValue + 'a>,
    }

    /// An IE's typed value: one value, or a list whose items are typed.
    enum PeerIeValue<'a> {
        One(Box<dyn PeerValue + 'a>),
        List {
            items: Vec<PeerItem<'a>>,
            write: fn(Vec<ProtocolIEField<'static>>, &mut __Message<S1ap>, u16, Criticality),
        },
        /// eNB-StatusTransfer-TransparentContainer, whose bearers are single containers too.
        StatusTransfer {
            items: Vec<PeerItem<'a>>,
            ie_extensions: Option<ProtocolExtensionContainer<'static>>,
        },
    }

    struct PeerIe<'a> {
        id: u16,
        criticality: Criticality,
        value: PeerIeValue<'a>,
    }

    /// A message of the peer as typed values, ready to encode.
    pub struct PeerMessage<'a> {
        name: &'static str,
        criticality: Criticality,
        ies: Vec<PeerIe<'a>>,
    }

    fn one<'a, T: Ie>(octets: &'a [u8]) -> Result<PeerIeValue<'a>, PeerError> {
        let v: T::Value<'a> = oxirush_s1ap::aper::decode(octets)?;
        Ok(PeerIeValue::One(Box::new(v)))
    }

    fn write_list<L: List>(
        fields: Vec<ProtocolIEField<'static>>,
        m: &mut __Message<S1ap>,
        id: u16,
        criticality: Criticality,
    ) where
        L::Value<'static>: From<Vec<ProtocolIEField<'static>>>,
    {
        let list: L::Value<'static> = fields.into();
        m.ie(id, criticality, &list);
    }

    fn list<'a, L: List>(octets: &'a [u8]) -> Result<PeerIeValue<'a>, PeerError>
    where
        L::Value<'a>: __Field<Vec<ProtocolIEField<'a>>>,
        L::Value<'static>: From<Vec<ProtocolIEField<'static>>>,
    {
        let v: L::Value<'a> = oxirush_s1ap::aper::decode(octets)?;
        let items = items::<L::Item>(v.__field())?;
        Ok(PeerIeValue::List {
            items,
            write: write_list::<L>,
        })
    }

    /// The typed items of a list of single containers of IE `Item`.
    fn items<Item: Ie>(fields: Vec<ProtocolIEField<'_>>) -> Result<Vec<PeerItem<'_>>, PeerError> {
        let mut items = Vec::with_capacity(fields.len());
        for f in fields {
            let id = f.id.0;
            let octets = f
                .value
                .as_borrowed()
                .expect("a bench item's octets are not fragmented");
            if id != Item::ID {
                panic!("a list of {} holds IE {id}", Item::NAME);
            }
            let v: Item::Value<'_> = oxirush_s1ap::aper::decode(octets)?;
            items.push(PeerItem {
                id,
                criticality: f.criticality,
                value: Box::new(v),
            });
        }
        Ok(items)
    }

    /// eNB-StatusTransfer-TransparentContainer with its bearers typed.
    fn status_transfer(octets: &[u8]) -> Result<PeerIeValue<'_>, PeerError> {
        let v: ENBStatusTransferTransparentContainer<'_> = oxirush_s1ap::aper::decode(octets)?;
        Ok(PeerIeValue::StatusTransfer {
            items: items::<ie::Bearers_SubjectToStatusTransfer_Item>(
                v.bearers_subject_to_status_transfer_list.0,
            )?,
            ie_extensions: v.ie_extensions,
        })
    }

    /// The typed value of IE `id` (the IEs of the S1AP handover messages; an IE outside the table
    /// is an error, never silently kept as octets).
    fn typed<'a>(id: u16, octets: &'a [u8]) -> Result<PeerIeValue<'a>, String> {
        macro_rules! table {
        (values: $($v:ident),* ; lists: $($l:ident),* $(,)?) => {{
            if id == <ie::eNB_StatusTransfer_TransparentContainer as Ie>::ID {
                return status_transfer(octets).map_err(|e| e.to_string());
            }
            $(if id == <ie::$v as Ie>::ID { return one::<ie::$v>(octets).map_err(|e| e.to_string()); })*
            $(if id == <ie::$l as Ie>::ID { return list::<ie::$l>(octets).map_err(|e| e.to_string()); })*
            Err(format!("IE {id} is not in the peer bench's table of typed IEs"))
        }};
    }
        table!(
            values: MME_UE_S1AP_ID, eNB_UE_S1AP_ID, HandoverType, Cause, TargetID,
                Direct_Forwarding_Path_Availability, SRVCCHOIndication,
                Source_ToTarget_TransparentContainer, Source_ToTarget_TransparentContainer_Secondary,
                Target_ToSource_TransparentContainer, Target_ToSource_TransparentContainer_Secondary,
                MSClassmark2, MSClassmark3, CSG_Id, CellAccessMode, PS_ServiceNotAvailable,
                NASSecurityParametersfromE_UTRAN, NASSecurityParameterstoE_UTRAN,
                CriticalityDiagnostics, uEaggregateMaximumBitrate, TraceActivation, SecurityContext,
                HandoverRestrictionList, RequestType, SRVCCOperationPossible, UESecurityCapabilities,
                CSGMembershipStatus, GUMMEI_ID, MME_UE_S1AP_ID_2, ManagementBasedMDTAllowed,
                ManagementBasedMDTPLMNList, Masked_IMEISV, ExpectedUEBehaviour, ProSeAuthorized,
                UEUserPlaneCIoTSupportIndicator, V2XServicesAuthorized,
                UESidelinkAggregateMaximumBitrate, EnhancedCoverageRestricted,
                NRUESecurityCapabilities, CE_ModeBRestricted, AerialUEsubscriptionInformation,
                PendingDataIndication, Subscription_Based_UE_DifferentiationInfo,
                AdditionalRRMPriorityIndex, IAB_Authorized, NRV2XServicesAuthorized,
                NRUESidelinkAggregateMaximumBitrate, PC5QoSParameters, UERadioCapabilityID,
                TimeRefDistribution, CE_mode_B_SupportIndicator, TAI, EUTRAN_CGI,
                Tunnel_Information_for_BBF, LHN_ID, PSCellInformation, NotifySourceeNB,
                LTE_NTN_TAI_Information, SourceMME_UE_S1AP_ID, SourceMME_GUMMEI, RRC_Resume_Cause;
            lists: E_RABSubjecttoDataForwardingList, E_RABtoReleaseListHOCmd, E_RABToBeSetupListHOReq,
                E_RABAdmittedList, E_RABFailedToSetupListHOReqAck, E_RABToBeSwitchedDLList,
                E_RABToBeSwitchedULList, E_RABToBeReleasedList, E_RABToBeUpdatedList,
        )
    }

    macro_rules! messages {
    ($($name:literal => $ty:ident),* $(,)?) => {
        /// The IE fields of the message of `pdu`, named `name`.
        fn message_fields<'b>(
            name: &str,
            pdu: &S1APPDU<'b>,
        ) -> Result<(&'static str, Vec<ProtocolIEField<'b>>), String> {
            match name {
                $($name => Ok(($name, pdu.message::<$ty<'b>>().map_err(|e| e.to_string())?.protocol_ies.0)),)*
                _ => Err(format!("{name} is not in the peer bench's table of messages")),
            }
        }
        /// The PDU of message `name` that `m` built.
        #[inline]
        fn finish(
            name: &str,
            m: __Message<S1ap>,
            criticality: Criticality,
        ) -> Result<S1AP_PDU, PeerError> {
            match name {
                $($name => m.pdu::<$ty<'static>>(criticality),)*
                _ => unreachable!("message_fields knows the same names"),
            }
        }
    };
}

    messages!(
        "HandoverRequired" => HandoverRequired,
        "HandoverCommand" => HandoverCommand,
        "HandoverPreparationFailure" => HandoverPreparationFailure,
        "HandoverRequest" => HandoverRequest,
        "HandoverRequestAcknowledge" => HandoverRequestAcknowledge,
        "HandoverFailure" => HandoverFailure,
        "HandoverNotify" => HandoverNotify,
        "PathSwitchRequest" => PathSwitchRequest,
        "PathSwitchRequestAcknowledge" => PathSwitchRequestAcknowledge,
        "HandoverCancel" => HandoverCancel,
        "HandoverCancelAcknowledge" => HandoverCancelAcknowledge,
        "ENBStatusTransfer" => ENBStatusTransfer,
        "MMEStatusTransfer" => MMEStatusTransfer,
    );

    /// The peer's typed values of the S1AP message `name` in `b`, checked to encode back to `b`.
    pub fn peer_typed<'a>(name: &str, b: &'a [u8]) -> Result<PeerMessage<'a>, String> {
        let m = peer_decode(name, b)?;
        if peer_encode(&m).map_err(|e| e.to_string())? != b {
            return Err("the peer's typed encode differs from the bench octets".into());
        }
        Ok(m)
    }

    /// oxirush-s1ap: the typed decode of message `name`, like with like with keyhop's full
    /// decode: envelope, the IE container, then every IE value decoded as its type, and the
    /// items of E-RAB lists and status-transfer bearers too (as keyhop types them), with no
    /// re-encoding. (`check()` re-encodes every value and leaves the items as octets.)
    #[inline(never)]
    pub fn peer_decode<'a>(name: &str, b: &'a [u8]) -> Result<PeerMessage<'a>, String> {
        let pdu = S1AP_PDU::decode_borrowed(b).map_err(|e| e.to_string())?;
        let (name, fields) = message_fields(name, &pdu)?;
        let mut ies = Vec::with_capacity(fields.len());
        for f in fields {
            let octets = f
                .value
                .as_borrowed()
                .ok_or("a bench IE's octets are not fragmented")?;
            ies.push(PeerIe {
                id: f.id.0,
                criticality: f.criticality,
                value: typed(f.id.0, octets)?,
            });
        }
        Ok(PeerMessage {
            name,
            criticality: pdu.criticality(),
            ies,
        })
    }

    /// oxirush-s1ap: encode a message from its typed values (as `build_s1ap!` does).
    #[inline(never)]
    pub fn peer_encode(m: &PeerMessage<'_>) -> Result<Vec<u8>, PeerError> {
        let mut b = __Message::<S1ap>::new();
        for ie in &m.ies {
            match &ie.value {
                PeerIeValue::One(v) => v.write(&mut b, ie.id, ie.criticality),
                PeerIeValue::List { items, write } => {
                    let fields = items
                        .iter()
                        .map(|i| i.value.field(i.id, i.criticality))
                        .collect::<Result<Vec<_>, _>>()?;
                    write(fields, &mut b, ie.id, ie.criticality);
                }
                PeerIeValue::StatusTransfer {
                    items,
                    ie_extensions,
                } => {
                    let fields = items
                        .iter()
                        .map(|i| i.value.field(i.id, i.criticality))
                        .collect::<Result<Vec<_>, _>>()?;
                    let v = ENBStatusTransferTransparentContainer {
                        bearers_subject_to_status_transfer_list: fields.into(),
                        ie_extensions: ie_extensions.clone(),
                    };
                    b.ie(ie.id, ie.criticality, &v);
                }
            }
        }
        finish(m.name, b, m.criticality)?.encode()
    }
}
