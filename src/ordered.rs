//! Work on many items in parallel, results taken in input order as they come.
//!
//! Batches that run in parallel and are written between runs leave the cores idle while
//! the slowest document of a batch finishes and while the batch is written. Here workers
//! take the next item as soon as they are free, and each result is consumed as soon as
//! those before it are in; no worker runs more than `window` items ahead of the
//! consumption, so memory holds at most `window` results.
//!
//! The results are consumed by the workers themselves: whoever brings in the next one
//! in order consumes it and any that were waiting behind it. A consumer thread of its
//! own would be woken, a system call and a context switch, for every document.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// What the workers share about the results.
struct Queue<R> {
    /// The index of the next result to consume.
    next: usize,
    /// Results that came in before their turn.
    pending: BTreeMap<usize, R>,
    /// Whether a worker is consuming: the others only leave their results.
    consuming: bool,
    /// Set when consuming failed or a worker panicked: everyone stops.
    stopped: bool,
    /// How many workers wait for `next` to move.
    waiting: usize,
}

/// Runs `f` on every item on `threads` workers and hands the results to `consume` in
/// input order. Stops early, and returns its error, when `consume` fails.
pub fn map_in_order<T, R, E>(
    items: &[T],
    threads: usize,
    window: usize,
    f: impl Fn(&T) -> R + Sync,
    consume: impl FnMut(R) -> Result<(), E> + Send,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
    E: Send,
{
    let window = window.max(1);
    let claimed = AtomicUsize::new(0);
    let queue = Mutex::new(Queue {
        next: 0,
        pending: BTreeMap::new(),
        consuming: false,
        stopped: false,
        waiting: 0,
    });
    let moved = Condvar::new();
    // Only the worker that is consuming locks it, so it is never contended.
    let consume = Mutex::new(consume);
    let failure: Mutex<Option<E>> = Mutex::new(None);
    let lock = || queue.lock().unwrap_or_else(PoisonError::into_inner);
    // Stops everyone: on a failure, and on a panic, which must not leave the others
    // waiting for a result that will never come.
    let stop = |mut q: MutexGuard<Queue<R>>| {
        q.stopped = true;
        moved.notify_all();
    };
    let work = || loop {
        let i = claimed.fetch_add(1, Ordering::Relaxed);
        if i >= items.len() {
            return;
        }
        {
            let mut q = lock();
            while !q.stopped && i >= q.next + window {
                q.waiting += 1;
                q = moved.wait(q).unwrap_or_else(PoisonError::into_inner);
                q.waiting -= 1;
            }
            if q.stopped {
                return;
            }
        }
        let r = match std::panic::catch_unwind(AssertUnwindSafe(|| f(&items[i]))) {
            Ok(r) => r,
            Err(p) => {
                stop(lock());
                std::panic::resume_unwind(p);
            }
        };
        let mut q = lock();
        if q.stopped {
            return;
        }
        q.pending.insert(i, r);
        if q.consuming {
            continue;
        }
        q.consuming = true;
        loop {
            let at = q.next;
            let Some(r) = q.pending.remove(&at) else {
                q.consuming = false;
                break;
            };
            drop(q);
            let mut c = consume.lock().unwrap_or_else(PoisonError::into_inner);
            let done = std::panic::catch_unwind(AssertUnwindSafe(|| (*c)(r)));
            drop(c);
            q = lock();
            match done {
                Ok(Ok(())) => {
                    q.next += 1;
                    // A wake-up is a system call, and workers seldom wait: only then.
                    if q.waiting > 0 {
                        moved.notify_all();
                    }
                }
                Ok(Err(e)) => {
                    *failure.lock().unwrap_or_else(PoisonError::into_inner) = Some(e);
                    return stop(q);
                }
                Err(p) => {
                    stop(q);
                    std::panic::resume_unwind(p);
                }
            }
        }
    };
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(work);
        }
    });
    match failure.into_inner().unwrap_or_else(PoisonError::into_inner) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

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

    #[test]
    fn a_panic_stops_everyone_and_is_passed_on() {
        // In the work, and in the consumer (which runs on the workers): either way the
        // run ends, with the panic, and no worker is left waiting. A run left hanging
        // fails the test after a while instead of hanging it.
        fn ends_in_panic(work_panics: bool) -> bool {
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                let items: Vec<u32> = (0..1_000).collect();
                let r = std::panic::catch_unwind(|| {
                    map_in_order(
                        &items,
                        3,
                        4,
                        |&i| {
                            assert!(!(work_panics && i == 50), "item");
                            i
                        },
                        |i| {
                            assert!(work_panics || i != 50, "consumer");
                            Ok::<(), ()>(())
                        },
                    )
                });
                let _ = tx.send(r.is_err());
            });
            rx.recv_timeout(std::time::Duration::from_secs(20))
                .expect("the run hung after a panic")
        }
        assert!(ends_in_panic(true));
        assert!(ends_in_panic(false));
    }
}
