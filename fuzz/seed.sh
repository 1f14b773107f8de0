#!/bin/sh
# Seeds the fuzz corpora from the example estate and the test cases.
set -eu
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/yaml fuzz/corpus/toml fuzz/corpus/csv
find examples tests/cmd tests/fixtures templates -name '*.yaml' -exec cp --backup=numbered -t fuzz/corpus/yaml {} +
find examples tests/cmd tests/fixtures templates -name '*.toml' -exec cp --backup=numbered -t fuzz/corpus/toml {} +
find examples tests/cmd tests/fixtures tests/data templates -name '*.csv' -exec cp --backup=numbered -t fuzz/corpus/csv {} +
ls fuzz/corpus/yaml | wc -l
