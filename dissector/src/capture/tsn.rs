//! Retransmission detection: which TSNs of one association direction were delivered.

/// TSNs remembered per direction for retransmission detection.
/// (512 TSNs of one direction, 64 octets: a retransmission comes within a few round trips;
/// older TSNs are delivered with a note.)
pub(crate) const WINDOW: u32 = 512;

/// Which of the last [`WINDOW`] TSNs up to the highest one seen were delivered: a ring of bits
/// indexed by TSN modulo the window, so moving ahead clears only the new positions.
#[derive(Debug, Clone)]
pub(crate) struct TsnWindow {
    /// One past the highest TSN marked.
    top: u32,
    /// Bit `tsn % WINDOW` set: that TSN (if within the window) was delivered.
    bits: [u64; (WINDOW / 64) as usize],
    valid: bool,
}

/// What the window knows of a TSN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    Yes,
    No,
    /// Older than the window: not known.
    TooOld,
}

impl TsnWindow {
    pub fn new() -> Self {
        TsnWindow {
            top: 0,
            bits: [0; (WINDOW / 64) as usize],
            valid: false,
        }
    }

    fn bit(tsn: u32) -> (usize, u64) {
        let i = tsn % WINDOW;
        ((i / 64) as usize, 1u64 << (i % 64))
    }

    pub fn seen(&self, tsn: u32) -> Seen {
        if !self.valid {
            return Seen::No;
        }
        let d = self.top.wrapping_sub(1).wrapping_sub(tsn);
        if d < WINDOW {
            let (w, m) = Self::bit(tsn);
            if self.bits[w] & m != 0 {
                Seen::Yes
            } else {
                Seen::No
            }
        } else if (tsn.wrapping_sub(self.top) as i32) >= 0 {
            Seen::No
        } else {
            Seen::TooOld
        }
    }

    pub fn mark(&mut self, tsn: u32) {
        if !self.valid {
            self.valid = true;
            self.top = tsn.wrapping_add(1);
            self.bits = [0; (WINDOW / 64) as usize];
        }
        let ahead = tsn.wrapping_sub(self.top.wrapping_sub(1)) as i32;
        if ahead > 0 {
            // Positions entering the window are cleared of the TSNs WINDOW below them.
            if ahead as u32 >= WINDOW {
                self.bits = [0; (WINDOW / 64) as usize];
            } else {
                let mut t = self.top;
                for _ in 0..ahead {
                    let (w, m) = Self::bit(t);
                    self.bits[w] &= !m;
                    t = t.wrapping_add(1);
                }
            }
            self.top = tsn.wrapping_add(1);
        }
        if self.top.wrapping_sub(1).wrapping_sub(tsn) < WINDOW {
            let (w, m) = Self::bit(tsn);
            self.bits[w] |= m;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_marks_and_ages() {
        let mut w = TsnWindow::new();
        assert_eq!(w.seen(5), Seen::No);
        w.mark(5);
        assert_eq!(w.seen(5), Seen::Yes);
        assert_eq!(w.seen(4), Seen::No);
        assert_eq!(w.seen(6), Seen::No);
        w.mark(7);
        w.mark(6);
        assert_eq!(
            (w.seen(5), w.seen(6), w.seen(7)),
            (Seen::Yes, Seen::Yes, Seen::Yes)
        );
        // Jump ahead by 100: old bits move down, still known.
        w.mark(107);
        assert_eq!(w.seen(5), Seen::Yes);
        assert_eq!(w.seen(50), Seen::No);
        // Beyond the window.
        w.mark(107 + WINDOW);
        assert_eq!(w.seen(5), Seen::TooOld);
        assert_eq!(w.seen(107 + WINDOW), Seen::Yes);
        // Wrap-around of the 32-bit TSN space.
        let mut w = TsnWindow::new();
        w.mark(u32::MAX - 1);
        w.mark(u32::MAX);
        w.mark(0);
        w.mark(1);
        assert_eq!(w.seen(u32::MAX - 1), Seen::Yes);
        assert_eq!(w.seen(0), Seen::Yes);
        assert_eq!(w.seen(2), Seen::No);
    }

    #[test]
    fn window_shift_matches_a_set() {
        // Compare against a plain set over a pseudo-random walk.
        let mut w = TsnWindow::new();
        let mut set = std::collections::HashSet::new();
        let mut x: u32 = 12345;
        let mut top: u32 = 1000;
        for _ in 0..5000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let step = (x >> 16) % 300;
            let tsn = if x & 1 == 0 {
                top.wrapping_add(step)
            } else {
                top.wrapping_sub(step % 900)
            };
            w.mark(tsn);
            set.insert(tsn);
            if tsn.wrapping_sub(top) as i32 > 0 {
                top = tsn;
            }
            for probe in 0..WINDOW {
                let t = top.wrapping_sub(probe);
                let want = if set.contains(&t) {
                    Seen::Yes
                } else {
                    Seen::No
                };
                assert_eq!(w.seen(t), want, "tsn {t} top {top}");
            }
        }
    }
}
