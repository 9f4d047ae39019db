//! Org unit ids → dense positions, for placing households (the core's `engine::index`).
//!
//! Contract: `UnitIds::get` returns the position of an id given to `UnitIds::new`, or `None`;
//! exact string equality decides, the hash only picks where to look. Placing looks up one short
//! id per household, so the lookup must not walk the id byte by byte: the slot comes from the
//! id's length and its first and last eight bytes (two loads and one multiply; the ids of one
//! plan differ there: "dak-koi-thon-1" …), and a collision costs a probe, never a wrong unit.

/// Open addressing with linear probing over a power-of-two table.
#[derive(Debug, Clone)]
pub struct UnitIds<'a> {
    /// Position + 1; 0 for an empty slot.
    slots: Vec<u32>,
    /// `slots.len() - 1`; the table is at least twice the ids, so probes end quickly.
    mask: usize,
    ids: Vec<&'a str>,
}

impl<'a> UnitIds<'a> {
    /// Positions are the ids' indices; a repeated id keeps its first position.
    #[inline(never)]
    pub fn new(ids: Vec<&'a str>) -> Self {
        let size = (2 * ids.len()).next_power_of_two().max(8);
        let mask = size - 1;
        let mut table = UnitIds { slots: vec![0; size], mask, ids: Vec::new() };
        for (i, id) in ids.iter().enumerate() {
            let mut s = slot(id) & mask;
            while table.slots[s] != 0 {
                if ids[table.slots[s] as usize - 1] == *id {
                    break;
                }
                s = (s + 1) & mask;
            }
            if table.slots[s] == 0 {
                table.slots[s] = i as u32 + 1;
            }
        }
        table.ids = ids;
        table
    }

    // Never inlined into the size-optimised core (see `tally`).
    #[inline(never)]
    pub fn get(&self, id: &str) -> Option<usize> {
        let mut s = slot(id) & self.mask;
        loop {
            let i = self.slots[s].checked_sub(1)? as usize;
            if self.ids[i] == id {
                return Some(i);
            }
            s = (s + 1) & self.mask;
        }
    }
}

fn slot(id: &str) -> usize {
    let b = id.as_bytes();
    let (head, tail) = match (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        (Some(h), Some(t)) => (u64::from_le_bytes(*h), u64::from_le_bytes(*t)),
        _ => (b.iter().fold(0u64, |x, &c| x << 8 | u64::from(c)), 0),
    };
    let x = (head ^ tail.rotate_left(29) ^ b.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (x >> 40) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_id_and_nothing_else() {
        let ids = ["kon-ray", "dak-koi", "dak-koi-thon-1", "dak-koi-thon-10", "dak-koi-thon-11", "a", "", "dak-koi"];
        let t = UnitIds::new(ids.to_vec());
        assert_eq!(t.get("kon-ray"), Some(0));
        assert_eq!(t.get("dak-koi-thon-10"), Some(3));
        assert_eq!(t.get("dak-koi-thon-11"), Some(4));
        assert_eq!(t.get("a"), Some(5));
        assert_eq!(t.get(""), Some(6));
        // A repeated id keeps its first position.
        assert_eq!(t.get("dak-koi"), Some(1));
        assert_eq!(t.get("dak-koi-thon-2"), None);
        assert_eq!(t.get("kon-ra"), None);
        assert_eq!(t.get("dak-koi-thon-1 "), None);
    }

    #[test]
    fn colliding_slots_are_probed() {
        // Same length, same first and last eight bytes: the same slot, told apart by the id.
        let ids = ["abcdefgh-1-ijklmnop", "abcdefgh-2-ijklmnop", "abcdefgh-3-ijklmnop"];
        assert_eq!(slot(ids[0]), slot(ids[1]));
        let t = UnitIds::new(ids.to_vec());
        assert_eq!(t.get("abcdefgh-3-ijklmnop"), Some(2));
        assert_eq!(t.get("abcdefgh-2-ijklmnop"), Some(1));
        assert_eq!(t.get("abcdefgh-4-ijklmnop"), None);
    }
}
