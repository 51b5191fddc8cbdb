//! Byte loops compiled twice: for every x86-64 CPU, whose vectors are 16 bytes wide,
//! and for those with AVX2, whose vectors are 32 bytes wide, chosen as the program
//! runs. A build for the machine it runs on would do the same for all the code, but
//! could not run on an older one.

/// `$vis fn $name(args) -> R` that calls `$body_fn(args)` (an `#[inline(always)]`
/// function, so that it is compiled into each) built for AVX2 where the CPU has it.
macro_rules! with_avx2 {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty = $body_fn:ident) => {
        $(#[$meta])*
        $vis fn $name($($arg: $ty),*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx2")]
                fn avx2($($arg: $ty),*) -> $ret {
                    $body_fn($($arg),*)
                }
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU has AVX2, as just asked.
                    return unsafe { avx2($($arg),*) };
                }
            }
            $body_fn($($arg),*)
        }
    };
}
