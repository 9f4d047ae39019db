//! One stable sort for every list the app orders.
//!
//! Contract: `sort_by` and `sort_by_key` order a `Vec` exactly like the standard library's
//! stable `sort_by`/`sort_by_key` (equal elements keep their order).
//!
//! Why: each call of std's sort on a new element type compiles its own copy of the sort
//! (3–4 KB of wasm each, fifteen of them in the app). Here the comparisons go through one
//! `dyn` comparator over indices, so the wasm carries one sort (of `usize`) plus a few bytes
//! of permutation per element type. The extra indirect call per comparison is negligible for
//! the lists sorted here (at most a district's households).

use std::cmp::Ordering;

/// Stable sort of `v` by `cmp`, like `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// Stable sort of `v` by `key`, like `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// The indices `0..n` in the order `cmp` gives them; the only sort instance.
fn sorted_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Rearranges `v` so that position `p` holds the element that was at `order[p]`, following
/// each cycle of the permutation with swaps (no clone, no allocation per element).
fn permute<T>(v: &mut [T], order: Vec<usize>) {
    let mut done = vec![false; order.len()];
    for start in 0..order.len() {
        let mut cur = start;
        while !done[cur] {
            done[cur] = true;
            let next = order[cur];
            if next == start {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_like_std_and_keeps_equal_elements_in_place() {
        // (key, original position): the sort must keep positions ascending within a key.
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (0, 'f'), (3, 'g')];
        sort_by_key(&mut v, |p| p.0);
        assert_eq!(v, vec![(0, 'f'), (1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c'), (3, 'g')]);
    }

    #[test]
    fn matches_std_stable_sort_on_every_permutation_cycle_shape() {
        // Pseudo-random keys with many ties, compared with std's stable sort element by element.
        let mut x: u64 = 12345;
        for len in 0..60 {
            let v: Vec<(u64, usize)> = (0..len)
                .map(|i| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((x >> 33) % 5, i)
                })
                .collect();
            let mut ours = v.clone();
            let mut std_sorted = v.clone();
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            std_sorted.sort_by_key(|a| std::cmp::Reverse(a.0));
            assert_eq!(ours, std_sorted, "len {len}");
        }
    }
}
