//! The `itsm` command: parse the arguments and hand over to the library.

/// mimalloc rather than the system allocator: loading an estate makes
/// hundreds of thousands of small allocations on every core, where glibc's
/// malloc spent a fifth of `validate`'s time (docs/decisions.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    itsm::cli::run()
}
