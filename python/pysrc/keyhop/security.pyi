from ._native import kasme_prime as kasme_prime, kenb as kenb, kenb_star as kenb_star, makr_unwrap as makr_unwrap, nas_keys as nas_keys, nh as nh, nh_chain as nh_chain
