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

# One folder as one `dir` input.
pack() {
    (cd "$1" && find . -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.toml' -o -name '*.csv' \) | sort |
        while read -r f; do printf '@@ %s\n' "${f#./}"; cat "$f"; printf '\n'; done)
}
for d in tests/cmd/*.in tests/fixtures/*/; do
    pack "$d" >"fuzz/corpus/dir/$(echo "$d" | tr '/' '_')"
done
# The example estate is large: one input per folder, each with itsm.toml.
for d in examples/northwind/*/; do
    { printf '@@ itsm.toml\n'; cat examples/northwind/itsm.toml; printf '\n'
      name=$(basename "$d")
      (cd examples/northwind && find "$name" -type f | sort | while read -r f; do printf '@@ %s\n' "$f"; cat "$f"; printf '\n'; done)
    } >"fuzz/corpus/dir/northwind_$(basename "$d")"
done
for t in yaml toml csv dir; do echo "$t: $(ls fuzz/corpus/$t | wc -l) seeds"; done
