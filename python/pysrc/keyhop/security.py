"""TS 33.401 key derivations and the MAKR unwrap; keys in and out as bytes."""

from ._native import kasme_prime, kenb, kenb_star, makr_unwrap, nas_keys, nh, nh_chain

__all__ = ["kenb", "nh", "nh_chain", "kenb_star", "kasme_prime", "nas_keys", "makr_unwrap"]
