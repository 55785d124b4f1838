//! One two-way rename map: names of the source given other names on the target, and back
//! again. Keys ([`KeyMap`](crate::KeyMap)) and labels ([`LabelMap`](crate::LabelMap)) are
//! renamed by it alike, under the same two rules that keep a round trip from losing anything:
//!
//! - a name is mapped once on each side (a second mapping of either is refused: it could not
//!   be read back);
//! - a name of one side that the other side uses for another (the source's own `custom1` with
//!   `email=custom1`) is not carried: it would overwrite the other there, and come back as it.

use crate::{Side, SyncError};

/// What a map renames: how its mappings and notes name the things and the option giving them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Renamed {
    /// Property keys (`--map`).
    Keys,
    /// Labels (`--label-map`).
    Labels,
}

impl Renamed {
    /// One thing renamed, as errors and notes name it.
    fn noun(self) -> &'static str {
        match self {
            Renamed::Keys => "key",
            Renamed::Labels => "label",
        }
    }

    /// The command-line option giving a mapping.
    fn option(self) -> &'static str {
        match self {
            Renamed::Keys => "--map",
            Renamed::Labels => "--label-map",
        }
    }

    /// A mapping, as an example of the form.
    fn example(self) -> &'static str {
        match self {
            Renamed::Keys => "email=custom1",
            Renamed::Labels => "VIP=Important",
        }
    }

    /// The error for the mapping `input`.
    fn error(self, input: &str, reason: &str) -> SyncError {
        let reason = match self {
            Renamed::Keys => reason.to_owned(),
            Renamed::Labels => format!("(a label mapping) {reason}"),
        };
        SyncError::KeyMap {
            input: input.to_owned(),
            reason,
        }
    }
}

/// Pairs of a source name and the target's name for it, each name mapped once on each side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RenameMap {
    pairs: Vec<(String, String)>,
}

impl RenameMap {
    /// One mapping read from `SOURCE=TARGET`.
    pub(crate) fn parse(s: &str, what: Renamed) -> Result<Self, SyncError> {
        let upper = what.noun().to_uppercase();
        let (source, target) = s.split_once('=').ok_or_else(|| {
            what.error(
                s,
                &format!(
                    "expected SOURCE_{upper}=TARGET_{upper}, such as {}",
                    what.example()
                ),
            )
        })?;
        RenameMap::default().with(source.trim(), target.trim(), what)
    }

    /// Adds `source` = `target`; refused when either name is empty or mapped already.
    pub(crate) fn with(
        mut self,
        source: impl Into<String>,
        target: impl Into<String>,
        what: Renamed,
    ) -> Result<Self, SyncError> {
        let (source, target) = (source.into(), target.into());
        let input = format!("{source}={target}");
        let noun = what.noun();
        if source.trim().is_empty() || target.trim().is_empty() {
            return Err(what.error(&input, &format!("both {noun}s must be non-empty")));
        }
        if let Some((s, t)) = self
            .pairs
            .iter()
            .find(|(s, t)| *s == source || *t == target)
        {
            return Err(what.error(
                &input,
                &format!("{s}={t} is mapped already: a {noun} can be renamed one way only"),
            ));
        }
        self.pairs.push((source, target));
        Ok(self)
    }

    /// Every mapping of `other` added, all or none.
    pub(crate) fn extended(&self, other: &RenameMap, what: Renamed) -> Result<Self, SyncError> {
        other.pairs.iter().try_fold(self.clone(), |map, (s, t)| {
            map.with(s.as_str(), t.as_str(), what)
        })
    }

    /// Whether nothing is renamed.
    pub(crate) fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The mapping naming `name` on side `side`, as `(source, target)`.
    pub(crate) fn mapping(&self, name: &str, side: Side) -> Option<(&str, &str)> {
        self.pairs
            .iter()
            .find(|(s, t)| match side {
                Side::Source => s == name,
                Side::Target => t == name,
            })
            .map(|(s, t)| (s.as_str(), t.as_str()))
    }

    /// The other side's name for `name` of side `from` as mapped, or `name` itself when
    /// unmapped; not whether it can be carried (see [`RenameMap::rename`]).
    pub(crate) fn name_on_other<'a>(&'a self, name: &'a str, from: Side) -> &'a str {
        self.mapping(name, from).map_or(name, |(s, t)| match from {
            Side::Source => t,
            Side::Target => s,
        })
    }

    /// `name` of side `from` as the other side names it; `None` when it cannot be carried:
    /// the other side's name for a name of `from` that is itself mapped, so it would come
    /// back as that one.
    pub(crate) fn rename<'a>(&'a self, name: &'a str, from: Side) -> Option<&'a str> {
        if self.mapping(name, from).is_some() {
            return Some(self.name_on_other(name, from));
        }
        self.mapping(name, from.other()).is_none().then_some(name)
    }

    /// The note for `name` of side `from` that [`RenameMap::rename`] does not carry.
    pub(crate) fn not_carried(name: &str, from: Side, what: Renamed) -> String {
        let noun = what.noun();
        format!(
            "{noun} {name:?} not carried: on the {} it stands for another {noun} ({}); rename \
             one of them",
            from.other(),
            what.option()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_mapped_once_on_each_side() {
        let map = RenameMap::default()
            .with("email", "custom1", Renamed::Keys)
            .unwrap();
        let twice_target = map.clone().with("nickname", "custom1", Renamed::Keys);
        let twice_source = map.clone().with("email", "custom2", Renamed::Keys);
        for err in [twice_target.unwrap_err(), twice_source.unwrap_err()] {
            assert!(
                err.to_string().contains("email=custom1 is mapped already"),
                "{err}"
            );
        }
        let other = RenameMap::parse("nickname=custom1", Renamed::Keys).unwrap();
        assert!(map.extended(&other, Renamed::Keys).is_err());
    }

    #[test]
    fn a_name_standing_for_another_on_the_other_side_is_not_carried() {
        let map = RenameMap::parse("email=custom1", Renamed::Keys).unwrap();
        assert_eq!(map.rename("email", Side::Source), Some("custom1"));
        assert_eq!(map.rename("custom1", Side::Target), Some("email"));
        assert_eq!(map.rename("custom1", Side::Source), None);
        assert_eq!(map.rename("email", Side::Target), None);
        assert_eq!(map.rename("firstName", Side::Target), Some("firstName"));
        assert_eq!(map.name_on_other("custom1", Side::Source), "custom1");
    }
}
