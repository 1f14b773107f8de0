//! CLI snapshot tests: each `tests/cmd/<case>.toml` runs `itsm` in the
//! records folder `tests/cmd/<case>.in/` and compares stdout, stderr and
//! the exit code with the snapshots beside it. Refresh snapshots with
//! `TRYCMD=overwrite cargo test --test cli` and review the diff.

#[test]
fn cli() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
