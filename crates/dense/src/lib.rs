//! The inner loops of ranking, over dense per-document arrays.
//!
//! A search walks every posting of its terms and every matching document;
//! at 100k tickets that is hundreds of thousands of steps per keystroke. The
//! browser build compiles for size (`opt-level = "z"`), which leaves even a
//! slice index as a function call; these loops live in their own crate so
//! that `Cargo.toml` can compile just them for speed
//! (`[profile.wasm-release.package.dense]`) at a cost of a few hundred bytes.
//! The functions are plain and not generic, so their code is generated here,
//! with this crate's optimisation level. The engine (`crates/engine`,
//! `score.rs`) says what the numbers mean.

#![deny(missing_docs)]

/// Raises each posting's document in `best` to its weight: `weight[impact]`
/// for the parallel `docs` and `impacts`. A document whose `best` was zero is
/// pushed onto `fresh`. Postings with a zero weight or a document outside
/// `best` are skipped. Returns true when some posting counted.
pub fn raise(
    docs: &[u32],
    impacts: &[u8],
    weight: &[f32; 256],
    best: &mut [f32],
    fresh: &mut Vec<u32>,
) -> bool {
    let mut any = false;
    for (&d, &impact) in docs.iter().zip(impacts) {
        let w = weight[usize::from(impact)];
        let Some(b) = best.get_mut(d as usize) else {
            continue;
        };
        if w <= 0.0 {
            continue;
        }
        if *b == 0.0 {
            fresh.push(d);
        }
        if w > *b {
            *b = w;
        }
        any = true;
    }
    any
}

/// Adds the best weights of one query token to the documents' scores:
/// for each document of `fresh` (each in range, listed once), `score += best`,
/// `mask |= bit`, `best = 0`; a document whose mask was empty is pushed onto
/// `touched`.
pub fn fold(
    fresh: &[u32],
    bit: u32,
    best: &mut [f32],
    score: &mut [f32],
    mask: &mut [u32],
    touched: &mut Vec<u32>,
) {
    for &d in fresh {
        let d = d as usize;
        if mask[d] == 0 {
            touched.push(d as u32);
        }
        score[d] += best[d];
        mask[d] |= bit;
        best[d] = 0.0;
    }
}

/// [`raise`] then [`fold`] for a query token that matched a single term:
/// adds `weight[impact]` to each posting's document's `score` and sets `bit`
/// in its `mask`, pushing onto `touched` a document whose mask was empty.
/// Returns true when some posting counted.
pub fn add(
    docs: &[u32],
    impacts: &[u8],
    weight: &[f32; 256],
    bit: u32,
    score: &mut [f32],
    mask: &mut [u32],
    touched: &mut Vec<u32>,
) -> bool {
    let mut any = false;
    for (&d, &impact) in docs.iter().zip(impacts) {
        let w = weight[usize::from(impact)];
        let i = d as usize;
        if i >= score.len() || i >= mask.len() || w <= 0.0 {
            continue;
        }
        if mask[i] == 0 {
            touched.push(d);
        }
        score[i] += w;
        mask[i] |= bit;
        any = true;
    }
    any
}

/// What [`collect`] reads and clears.
pub struct Matches<'a> {
    /// Each matching document's summed weights (cleared to 0).
    pub score: &'a mut [f32],
    /// Each matching document's token bits (cleared to 0).
    pub mask: &'a mut [u32],
    /// The multiplier of each mask (`cover[mask]`), for every mask.
    pub cover: &'a [f32],
    /// Each document's category.
    pub category: &'a [u32],
    /// Whether a category passes the filters.
    pub allowed: &'a [bool],
}

/// Reads the matching documents `touched` from `from` on: counts each in
/// `per_category`, and for those whose category is allowed, counts them in
/// `*total` and pushes `(doc, score × cover[mask])` onto `out` when it is at
/// least `floor`; clears their score and mask. Stops after filling `out` to
/// `full` entries and returns where it stopped (`touched.len()` when done),
/// so that the caller can prune `out` and go on with a higher floor.
#[allow(clippy::too_many_arguments)]
pub fn collect(
    m: &mut Matches<'_>,
    touched: &[u32],
    from: usize,
    floor: f32,
    per_category: &mut [usize],
    total: &mut usize,
    out: &mut Vec<(u32, f32)>,
    full: usize,
) -> usize {
    for (i, &d) in touched.iter().enumerate().skip(from) {
        let di = d as usize;
        let c = m.category[di] as usize;
        per_category[c] += 1;
        if m.allowed[c] {
            *total += 1;
            let s = m.score[di] * m.cover[m.mask[di] as usize];
            if s >= floor {
                out.push((d, s));
            }
        }
        m.score[di] = 0.0;
        m.mask[di] = 0;
        if out.len() >= full {
            return i + 1;
        }
    }
    touched.len()
}

/// For each document of the ascending `wanted` that the ascending `docs`
/// holds, pushes (its index in `wanted`, its index in `docs`). Each search
/// gallops from the previous match, so `k` lookups in `n` documents cost
/// about `k · log(n / k)` steps.
pub fn find_sorted(docs: &[u32], wanted: &[u32], out: &mut Vec<(usize, usize)>) {
    let mut lo = 0;
    for (i, &d) in wanted.iter().enumerate() {
        // Gallop: widen the step until docs[lo + step] >= d, then search
        // the last stretch.
        let mut step = 1;
        while lo + step < docs.len() && docs[lo + step] < d {
            lo += step;
            step *= 2;
        }
        let end = (lo + step + 1).min(docs.len());
        lo += docs[lo..end].partition_point(|&x| x < d);
        if lo == docs.len() {
            return;
        }
        if docs[lo] == d {
            out.push((i, lo));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn find_sorted_finds_what_a_scan_finds(
            docs in prop::collection::btree_set(0u32..2000, 0..300),
            wanted in prop::collection::btree_set(0u32..2000, 0..60),
        ) {
            let docs: Vec<u32> = docs.into_iter().collect();
            let wanted: Vec<u32> = wanted.into_iter().collect();
            let mut found = Vec::new();
            find_sorted(&docs, &wanted, &mut found);
            let scan: Vec<(usize, usize)> = wanted
                .iter()
                .enumerate()
                .filter_map(|(i, w)| docs.iter().position(|d| d == w).map(|j| (i, j)))
                .collect();
            prop_assert_eq!(found, scan);
        }
    }

    #[test]
    fn raise_keeps_the_best_weight_and_lists_new_documents_once() {
        let mut weight = [0f32; 256];
        weight[1] = 1.0;
        weight[2] = 2.0;
        let mut best = vec![0f32; 4];
        let mut fresh = Vec::new();
        assert!(raise(
            &[0, 2, 9],
            &[1, 2, 2],
            &weight,
            &mut best,
            &mut fresh
        ));
        assert!(raise(&[0, 1], &[2, 0], &weight, &mut best, &mut fresh));
        assert_eq!(best, [2.0, 0.0, 2.0, 0.0]);
        assert_eq!(fresh, [0, 2]);
        assert!(!raise(&[3], &[0], &weight, &mut best, &mut fresh));
    }

    #[test]
    fn fold_sums_and_clears() {
        let (mut best, mut score, mut mask) =
            (vec![1.0, 0.0, 3.0], vec![0.5, 0.0, 0.0], vec![1, 0, 0]);
        let mut touched = vec![0];
        fold(&[0, 2], 2, &mut best, &mut score, &mut mask, &mut touched);
        assert_eq!(
            (best, score, mask, touched),
            (vec![0.0; 3], vec![1.5, 0.0, 3.0], vec![3, 0, 2], vec![0, 2])
        );
    }

    #[test]
    fn add_is_raise_then_fold_for_one_list() {
        let weight: [f32; 256] = std::array::from_fn(|i| i as f32 * 0.5);
        let (docs, impacts) = ([0u32, 3, 5, 8], [4u8, 0, 2, 9]);
        let start = (
            vec![0.25f32, 0.0, 0.0, 0.0, 0.0, 1.0],
            vec![1u32, 0, 0, 0, 0, 1],
            vec![0u32, 5],
        );
        let (mut score, mut mask, mut touched) = start.clone();
        assert!(add(
            &docs,
            &impacts,
            &weight,
            2,
            &mut score,
            &mut mask,
            &mut touched
        ));
        let (mut s2, mut m2, mut t2) = start;
        let (mut best, mut fresh) = (vec![0f32; 6], Vec::new());
        raise(&docs, &impacts, &weight, &mut best, &mut fresh);
        fold(&fresh, 2, &mut best, &mut s2, &mut m2, &mut t2);
        assert_eq!((score, mask, touched), (s2, m2, t2));
    }

    #[test]
    fn collect_counts_filters_clears_and_stops_when_full() {
        let mut score = vec![1.0, 2.0, 3.0, 4.0];
        let mut mask = vec![1, 1, 3, 1];
        let cover = [0.0, 0.5, 0.5, 1.0];
        let mut m = Matches {
            score: &mut score,
            mask: &mut mask,
            cover: &cover,
            category: &[0, 1, 0, 0],
            allowed: &[true, false],
        };
        let (mut per, mut total, mut out) = (vec![0; 2], 0, Vec::new());
        let at = collect(
            &mut m,
            &[3, 1, 2, 0],
            0,
            0.6,
            &mut per,
            &mut total,
            &mut out,
            2,
        );
        assert_eq!((at, &out, total), (3, &vec![(3, 2.0), (2, 3.0)], 2));
        let at = collect(
            &mut m,
            &[3, 1, 2, 0],
            at,
            2.5,
            &mut per,
            &mut total,
            &mut out,
            9,
        );
        assert_eq!(
            (at, &out, total, &per),
            (4, &vec![(3, 2.0), (2, 3.0)], 3, &vec![3, 1])
        );
        assert_eq!((score, mask), (vec![0.0; 4], vec![0; 4]));
    }
}
