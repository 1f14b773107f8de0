#!/bin/sh
# Seeds the fuzz corpora from the example estate, the test cases and the
# templates. The `dir` target's inputs are whole folders, each file as a
# section that opens with the line `@@ <path>` (see fuzz_targets/dir.rs).
set -eu
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/yaml fuzz/corpus/toml fuzz/corpus/csv fuzz/corpus/dir
find examples tests/cmd tests/fixtures templates -name '*.yaml' -exec cp --backup=numbered -t fuzz/corpus/yaml {} +
find examples tests/cmd tests/fixtures templates -name '*.toml' -exec cp --backup=numbered -t fuzz/corpus/toml {} +
find examples tests/cmd tests/fixtures tests/data templates -name '*.csv' -exec cp --backup=numbered -t fuzz/corpus/csv {} +

# The record, project and series files under folder $1, paths relative to
# $1, restricted to the folders named after it (all if none), each as a
# section: `@@ <path>`, the file, a newline (which dir.rs takes off again).
pack() {
    root=$1
    shift
    [ $# -gt 0 ] || set -- .
    (cd "$root" && find "$@" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.toml' -o -name '*.csv' \) | sort |
        while read -r f; do printf '@@ %s\n' "${f#./}"; cat "$f"; printf '\n'; done)
}
# Each test folder as one input.
for d in tests/cmd/*.in tests/fixtures/*; do
    if [ -d "$d" ]; then
        pack "$d" >"fuzz/corpus/dir/$(echo "$d" | tr '/' '_')"
    fi
done
# The example estate is too large for one input: one input per folder,
# each with the project file.
for d in examples/northwind/*/; do
    name=$(basename "$d")
    pack examples/northwind itsm.toml "$name" >"fuzz/corpus/dir/northwind_$name"
done
for t in yaml toml csv dir; do echo "$t: $(ls fuzz/corpus/$t | wc -l) seeds"; done
