//! Synthesis of packets and capture files (for the samples generator and tests).
