//! "Did you mean …?": the close matches an error lists when a name matches nothing.

/// Up to three candidates closest to `wanted`, best first, among those close enough to help.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::jaro_winkler(&wanted, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, candidate)| candidate)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_typos_and_ignores_unrelated_names() {
        let ids = ["notifyNewMessage", "notifyNewConversation", "listAdmins"];
        assert_eq!(
            closest("notifyNewMesage", ids),
            ["notifyNewMessage", "notifyNewConversation"]
        );
        assert!(closest("deleteEverything", ids).is_empty());
    }
}
