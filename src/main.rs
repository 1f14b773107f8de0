//! The `itsm` command: parse the arguments and hand over to the library.

fn main() -> std::process::ExitCode {
    itsm::cli::run()
}
