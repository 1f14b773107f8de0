//! Text tables, drawn as comfy-table draws them with the preset
//! `UTF8_FULL_CONDENSED` and no content arrangement, but in one pass into
//! one buffer. comfy-table builds a `String` per cell, line and padding,
//! which made drawing a ten-thousand-row report about a fifth of its time.
//!
//! comfy-table stays the reference: tables this drawer does not handle
//! (rows of another length than the header, a line wider than comfy-table
//! measures, 65,535 columns) are handed to it, and a test holds the two to
//! the same bytes on tables written to be awkward (wide and zero-width
//! characters, control characters, several lines in a cell).

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table as Comfy, presets};
use unicode_width::UnicodeWidthStr;

use super::Table;

/// What an empty cell shows.
const EMPTY: &str = "-";

/// Writes the table's grid (not its title) and a newline.
pub fn write_grid(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    match draw(table) {
        Some(grid) => out.write_all(grid.as_bytes()),
        None => writeln!(out, "{}", comfy(table)),
    }
}

/// The grid as comfy-table draws it, for the tables [`draw`] hands over.
pub(super) fn comfy(table: &Table) -> Comfy {
    let mut comfy = Comfy::new();
    comfy
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(&table.headers);
    for row in &table.rows {
        comfy.add_row(row.iter().map(|cell| shown(cell)));
    }
    comfy
}

fn shown(cell: &str) -> &str {
    if cell.is_empty() { EMPTY } else { cell }
}

/// The grid with a final newline, or `None` for a table to hand over.
fn draw(table: &Table) -> Option<String> {
    let columns = table.headers.len();
    if columns == 0 || table.rows.iter().any(|row| row.len() != columns) {
        return None;
    }
    // Each column is as wide as its widest line, and at least 1; padding
    // is one space on each side.
    let mut widths = vec![1usize; columns];
    let mut bytes = 0;
    // Header cells are drawn as written; an empty body cell shows `-`.
    let header = std::iter::once((&table.headers, false));
    for (row, body) in header.chain(table.rows.iter().map(|r| (r, true))) {
        for (width, cell) in widths.iter_mut().zip(row) {
            let cell = if body { shown(cell) } else { cell };
            bytes += cell.len();
            for line in cell.split('\n') {
                *width = (*width).max(line.width());
            }
        }
    }
    // comfy-table counts widths in u16 and splits longer lines.
    if widths.iter().any(|&w| w > usize::from(u16::MAX)) {
        return None;
    }
    // Rows: the cells, their padding and a 3-byte rule between cells; the
    // four rules are 3-byte characters throughout.
    let rule_bytes = (widths.iter().map(|w| w + 3).sum::<usize>() + 1) * 3;
    let padding: usize = widths.iter().map(|w| w + 5).sum();
    let mut grid = String::with_capacity(bytes + (table.rows.len() + 1) * padding + 4 * rule_bytes);
    let rule = |grid: &mut String, left: char, fill: char, cross: char, right: char| {
        grid.push(left);
        for (i, &width) in widths.iter().enumerate() {
            if i > 0 {
                grid.push(cross);
            }
            grid.extend(std::iter::repeat_n(fill, width + 2));
        }
        grid.push(right);
        grid.push('\n');
    };
    rule(&mut grid, '┌', '─', '┬', '┐');
    row(&mut grid, &table.headers, &widths, |cell| cell);
    rule(&mut grid, '╞', '═', '╪', '╡');
    for cells in &table.rows {
        row(&mut grid, cells, &widths, shown);
    }
    rule(&mut grid, '└', '─', '┴', '┘');
    Some(grid)
}

/// One row: a line per line of its tallest cell, shorter cells topped up
/// with blank lines.
fn row(grid: &mut String, cells: &[String], widths: &[usize], show: fn(&str) -> &str) {
    let height = cells.iter().map(|c| show(c).split('\n').count()).max().unwrap_or(1);
    let mut lines: Vec<std::str::Split<char>> = cells.iter().map(|c| show(c).split('\n')).collect();
    for _ in 0..height {
        grid.push('│');
        for (i, (line, &width)) in lines.iter_mut().zip(widths).enumerate() {
            if i > 0 {
                grid.push('┆');
            }
            let line = line.next().unwrap_or("");
            grid.push(' ');
            grid.push_str(line);
            grid.extend(std::iter::repeat_n(' ', width - line.width() + 1));
        }
        grid.push('│');
        grid.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    /// Cells chosen to trip a table drawer: empty, wide (CJK, emoji),
    /// zero-width (combining marks, joiners), control characters, tabs,
    /// several lines, trailing newlines, box-drawing characters.
    const AWKWARD: &[&str] = &[
        "",
        "a",
        "patient-portal",
        "99.95%",
        "日本語のサービス",
        "emoji 🚑🏥",
        "e\u{301}cole",
        "zero\u{200d}width",
        "tab\there",
        "bell\u{7}",
        "cr\rlf",
        "two\nlines",
        "three\nlines\nhere",
        "trailing\n",
        "\n",
        "│ ┆ ═",
        "  padded  ",
        "a much longer cell than the others, to widen its column",
    ];

    fn comfy_bytes(table: &Table) -> String {
        format!("{}\n", comfy(table))
    }

    #[test]
    fn draws_what_comfy_table_draws() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut drawn = 0;
        for _ in 0..2_000 {
            let columns = rng.random_range(1..6);
            let pick = |rng: &mut ChaCha8Rng| AWKWARD[rng.random_range(0..AWKWARD.len())].to_string();
            let mut table = Table::new((0..columns).map(|_| pick(&mut rng)));
            for _ in 0..rng.random_range(1..8) {
                let cells: Vec<String> = (0..columns).map(|_| pick(&mut rng)).collect();
                table.row(cells);
            }
            let grid = draw(&table).expect("a table of even rows is drawn");
            assert_eq!(grid, comfy_bytes(&table), "{table:?}");
            drawn += 1;
        }
        assert_eq!(drawn, 2_000);
    }

    #[test]
    fn hands_over_what_it_does_not_draw() {
        let mut ragged = Table::new(["a", "b"]);
        ragged.row(["only one"]);
        assert!(draw(&ragged).is_none());
        let mut out = Vec::new();
        write_grid(&ragged, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), comfy_bytes(&ragged));

        let mut wide = Table::new(["a"]);
        wide.row(["x".repeat(70_000)]);
        assert!(draw(&wide).is_none());
    }

    #[test]
    fn a_small_table_by_hand() {
        let mut table = Table::new(["Service", "Target"]);
        table.row(["portal", "99.9%"]);
        table.row(["", "two\nlines"]);
        let expected = "\
┌─────────┬────────┐
│ Service ┆ Target │
╞═════════╪════════╡
│ portal  ┆ 99.9%  │
│ -       ┆ two    │
│         ┆ lines  │
└─────────┴────────┘
";
        assert_eq!(draw(&table).unwrap(), expected);
    }
}
