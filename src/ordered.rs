//! Work on many items in parallel, results taken in input order as they come.
//!
//! Batches that run in parallel and are written between runs leave the cores idle while
//! the slowest document of a batch finishes and while the batch is written. Here workers
//! take the next item as soon as they are free, and the caller consumes each result as
//! soon as those before it are in; no worker runs more than `window` items ahead of the
//! consumer, so memory holds at most `window` results.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// Runs `f` on every item on `threads` workers and hands the results to `consume` in
/// input order. Stops early, and returns its error, when `consume` fails.
pub fn map_in_order<T, R, E>(
    items: &[T],
    threads: usize,
    window: usize,
    f: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let window = window.max(1);
    let next = AtomicUsize::new(0);
    // How many results the consumer has taken (usize::MAX once it has stopped), and how
    // many workers wait for it to take more.
    let taken = Mutex::new((0usize, 0usize));
    let moved = Condvar::new();
    // Records the consumer's progress (usize::MAX: stop) and wakes the waiting workers;
    // a wake-up is a system call, and workers seldom wait, so only when one does.
    let set_taken = |v: usize| {
        let mut t = taken.lock().unwrap_or_else(|e| e.into_inner());
        t.0 = v;
        if t.1 > 0 {
            moved.notify_all();
        }
    };
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            let tx = tx.clone();
            let (next, taken, moved, f, set_taken) = (&next, &taken, &moved, &f, &set_taken);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= items.len() {
                    return;
                }
                {
                    let mut t = taken.lock().unwrap_or_else(|e| e.into_inner());
                    while t.0 != usize::MAX && i >= t.0 + window {
                        t.1 += 1;
                        t = moved.wait(t).unwrap_or_else(|e| e.into_inner());
                        t.1 -= 1;
                    }
                    if t.0 == usize::MAX {
                        return;
                    }
                }
                // A panicking item must not leave the others waiting for it forever.
                let r = match std::panic::catch_unwind(AssertUnwindSafe(|| f(&items[i]))) {
                    Ok(r) => r,
                    Err(p) => {
                        set_taken(usize::MAX);
                        std::panic::resume_unwind(p);
                    }
                };
                if tx.send((i, r)).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, R> = BTreeMap::new();
        let mut want = 0;
        for (i, r) in rx.iter() {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&want) {
                if let Err(e) = consume(r) {
                    set_taken(usize::MAX);
                    return Err(e);
                }
                want += 1;
                set_taken(want);
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order() {
        let items: Vec<u64> = (0..500).collect();
        let mut seen = Vec::new();
        // Later items finish first: the order must come from the consumer side.
        let r: Result<(), ()> = map_in_order(
            &items,
            4,
            8,
            |&i| {
                std::thread::sleep(std::time::Duration::from_micros((500 - i) % 7 * 50));
                i * 2
            },
            |r| {
                seen.push(r);
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_failing_consumer_stops_the_workers() {
        let items: Vec<u32> = (0..10_000).collect();
        let done = AtomicUsize::new(0);
        let r = map_in_order(
            &items,
            2,
            4,
            |&i| {
                done.fetch_add(1, Ordering::Relaxed);
                i
            },
            |i| if i == 3 { Err(i) } else { Ok(()) },
        );
        assert_eq!(r, Err(3));
        // The window bounds how far the workers ran past the failure.
        assert!(done.load(Ordering::Relaxed) < 20);
    }
}
