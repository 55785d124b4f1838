//! The capability matrix (`docs/providers.md`) has a column for every built-in provider the
//! tools register, in the list's order (`schema_check.rs` checks the committed file is current).

use xtask::generated;

/// The provider names of the matrix's header row, in order.
fn columns(matrix: &str) -> Vec<String> {
    let header = matrix
        .lines()
        .find(|l| l.starts_with("| capability |"))
        .expect("the matrix has a header row");
    header
        .split('|')
        .skip(2)
        .map(|cell| cell.trim().trim_matches('`').to_owned())
        .filter(|cell| !cell.is_empty())
        .collect()
}

#[test]
fn the_matrix_has_a_column_for_every_registered_provider() {
    let (path, matrix) = generated::providers_file();
    let listed: Vec<&str> = contacts_providers::builtin()
        .iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(columns(&matrix), listed, "{path}");
    let registry = contacts_providers::registry();
    let mut registered: Vec<String> = registry.names().map(str::to_owned).collect();
    let mut shown = columns(&matrix);
    registered.sort_unstable();
    shown.sort_unstable();
    assert_eq!(
        shown, registered,
        "a registered provider is missing from {path}"
    );
}
