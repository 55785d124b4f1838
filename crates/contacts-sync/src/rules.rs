//! The rules of a sync in one room: what to do with a pair of contacts, as one table,
//! [`decide`]. The planner gathers the [`Situation`] (which side changed, what an interrupted
//! run left, what the options say) and carries out the [`Decision`]; nothing here reads a
//! provider, the state or the index, so every rule is tested on its own (below) and
//! `docs/sync.md` shows the same table.
//!
//! Two facts cost a look at the contents (unpacking both contacts and comparing them): whether
//! one side already holds what writing the other onto it would give. They start
//! [`Fact::Unknown`], and a rule that needs one answers [`Decision::Ask`]; the planner finds it
//! out and decides again. So they are only worked out where a rule depends on them.

use crate::{ConflictPolicy, Mode, Side};

/// One side of a recorded pair, against what the state recorded for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    /// Present, with the recorded content hash.
    Same,
    /// Present, with another content hash (or the origin of an interrupted write).
    Changed,
    /// Not listed any more.
    Gone,
}

/// Which contacts a decision is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// A recorded pair.
    Pair {
        /// The source's contact.
        source: Seen,
        /// The target's contact.
        target: Seen,
    },
    /// A contact of `side` no pair holds, with a usable number held by no other contact of
    /// its side.
    New {
        /// Its side.
        side: Side,
    },
    /// A contact of `side` no pair holds, without a usable number.
    Unusable {
        /// Its side.
        side: Side,
    },
    /// A contact of `side` no pair holds, whose number other contacts of its side hold too.
    Shared {
        /// Its side.
        side: Side,
    },
    /// A contact of `from` to be carried across whose number no contact of the other side
    /// holds (or that has no number to look by).
    Alone {
        /// Its side.
        from: Side,
    },
    /// A contact of `from` to be carried across, and the one contact of the other side with
    /// its number, never paired with each other.
    SameNumber {
        /// The side of the contact carried across.
        from: Side,
    },
    /// A contact of `from` to be carried across whose number several contacts of the other
    /// side hold.
    Crowded {
        /// Its side.
        from: Side,
    },
    /// A contact of `from` to be carried across whose number the other side's contact of a
    /// pair already holds.
    Taken {
        /// Its side.
        from: Side,
    },
}

/// A fact found out only when a rule asks for it (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fact {
    /// Not looked at yet.
    Unknown,
    /// True.
    Yes,
    /// False.
    No,
}

/// The words of the reasons: what the planner knows of the contacts beyond the rules' facts.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Details<'a> {
    /// The number's match key (of the contact looked by).
    pub(crate) key: &'a str,
    /// How many contacts hold that number (on the side the rule speaks of).
    pub(crate) holders: usize,
    /// Why a number is unusable.
    pub(crate) why: &'a str,
    /// Another contact the reason names (the target's contact of a conflict, the paired
    /// holder of a number).
    pub(crate) other_id: &'a str,
    /// The reason a contact is being carried across (a create keeps it).
    pub(crate) carried: &'a str,
    /// The contact `contacts dedupe` merged a pair's gone contact into (on the gone side).
    pub(crate) kept: &'a str,
}

/// Everything a decision depends on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Situation<'a> {
    /// Which contacts.
    pub(crate) found: Found,
    /// One-way or two-way.
    pub(crate) mode: Mode,
    /// Whether deletes are carried.
    pub(crate) delete: bool,
    /// How a conflict is settled.
    pub(crate) policy: ConflictPolicy,
    /// An interrupted write an earlier run left, by the side its content came from
    /// (`[source, target]`).
    pub(crate) intent: [bool; 2],
    /// Whether the other side already holds what writing this side's contact onto it would
    /// give (`[from the source, from the target]`).
    pub(crate) holds: [Fact; 2],
    /// For a pair gone from one side: that side has several unpaired contacts with the
    /// other contact's number (a restore with duplicates?).
    pub(crate) ambiguous: bool,
    /// For a pair gone from one side: `contacts dedupe` merged its contact there into another
    /// one (`Details::kept`) that a pair already holds (an unpaired one was re-linked before).
    pub(crate) merged: bool,
    /// Whether the pair has a base to merge against (recorded at the last sync).
    pub(crate) base: Fact,
    /// The words of the reasons.
    pub(crate) details: Details<'a>,
}

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Nothing: the pair is as recorded.
    Nothing,
    /// Find out `holds[side]` and decide again.
    Ask(Side),
    /// Find out `base` and decide again.
    AskBase,
    /// Merge the pair field by field against its base, writing both sides as needed.
    Merge(String),
    /// Write `from`'s contact onto the other side's contact of the pair.
    Carry(Side, String),
    /// Carry `from`'s contact across: pair it with the other side's contact of its number, or
    /// create it there (decided again as [`Found::Alone`], [`Found::SameNumber`], ...).
    Place(Side, String),
    /// Create `from`'s contact on the other side.
    Create(Side, String),
    /// Delete the pair's contact on this side.
    Delete(Side, String),
    /// Forget the pair.
    Forget(String),
    /// Record the pair as it is, writing nothing.
    Link(String),
    /// Leave this side's contact alone, and say why.
    Skip(Side, String),
    /// Leave the pair alone and list it as a conflict (until someone resolves it).
    Conflict(String),
}

/// Which sides of a pair present on both count as changed (`Err`: ask `holds` of that side
/// first), `intent` being the side whose interrupted write counts.
fn counted(s: &Situation<'_>, intent: Option<Side>) -> Result<(bool, bool), Side> {
    let Found::Pair { source, target } = s.found else {
        return Ok((false, false));
    };
    let (cs, ct) = (source == Seen::Changed, target == Seen::Changed);
    let holds = |side: Side| s.holds[side as usize];
    match (intent, holds(Side::Source), holds(Side::Target)) {
        (None, _, _) => Ok((cs, ct)),
        (Some(Side::Target), _, Fact::Unknown) if cs || s.intent[0] => Err(Side::Target),
        (Some(Side::Target), _, h) => Ok(((cs || s.intent[0]) && h == Fact::No, true)),
        (Some(Side::Source), Fact::Unknown, _) if ct => Err(Side::Source),
        (Some(Side::Source), h, _) => Ok((true, ct && h == Fact::No)),
    }
}

/// What to do in `s`: the table, read top to bottom; the first row that fits decides.
///
/// Shorthands: `cs`/`ct` whether the source/target counts as changed. An interrupted write
/// (an intent) makes its origin count as changed, and the other side only if it changed in a
/// way that write cannot explain (it does not already hold the origin's content): a landed
/// write is completed, someone's edit since is never overwritten.
#[rustfmt::skip]
pub(crate) fn decide(s: &Situation<'_>) -> Decision {
    use Decision::{Ask, Carry, Conflict, Create, Delete, Forget, Link, Place, Skip};
    use Found::{Alone, Crowded, New, Pair, SameNumber, Shared, Taken, Unusable};
    use Seen::{Changed, Gone, Same};
    use Side::{Source, Target};
    let d = &s.details;
    let two = s.mode == Mode::TwoWay;
    // The side whose interrupted write counts: for a pair the target's, for a first meeting
    // the one carried across first.
    let intent = match s.found {
        SameNumber { from } if s.intent[from as usize] => Some(from),
        SameNumber { from } => s.intent[from.other() as usize].then(|| from.other()),
        _ => [Target, Source].into_iter().find(|x| s.intent[*x as usize]),
    };
    let holds = |side: Side| s.holds[side as usize];
    // Changed on both sides, or a first meeting with different content: equal content is
    // linked, otherwise the policy settles it.
    let conflict = |why: &str| match (holds(Source), s.policy) {
        (Fact::Unknown, _) => Ask(Source),
        (Fact::Yes, _) => Link("same content on both sides".into()),
        (Fact::No, ConflictPolicy::SourceWins) => Carry(Source, format!("{why}; the source wins")),
        (Fact::No, ConflictPolicy::TargetWins) => Carry(Target, format!("{why}; the target wins")),
        (Fact::No, ConflictPolicy::Skip) => Conflict(format!("{why} (target contact {}); left alone: choose source-wins or target-wins, or edit one side", d.other_id)),
    };
    let (gone, present, present_changed) = match s.found {
        Pair { source: Gone, target } => (Source, Target, target == Changed),
        Pair { source, .. } => (Target, Source, source == Changed),
        _ => (Target, Source, false),
    };
    match (s.found, s.mode, s.delete) {
        (Pair { source: Gone, target: Gone }, _, _) => Forget("gone from both sides".into()),
        // Both present: what changed since the last sync flows across.
        (Pair { source: Same | Changed, target: Same | Changed }, _, _) => match (s.mode, counted(s, intent)) {
            (_, Err(side)) => Ask(side),
            (_, Ok((false, false))) => Decision::Nothing,
            (Mode::OneWay, Ok((true, _))) | (Mode::TwoWay, Ok((true, false))) => Carry(Source, "changed on the source".into()),
            (Mode::OneWay, Ok((false, true))) => Skip(Target, "changed only on the target; a one-way sync leaves it (two-way carries it back)".into()),
            (Mode::TwoWay, Ok((false, true))) => Carry(Target, "changed on the target".into()),
            (Mode::TwoWay, Ok((true, true))) => match s.base {
                Fact::Unknown => Decision::AskBase,
                Fact::Yes => Decision::Merge("changed on both sides since the last sync; merged field by field".into()),
                Fact::No => conflict("changed on both sides since the last sync"),
            },
        },
        // Gone from one side because `contacts dedupe` merged it into a contact there that
        // another pair holds: never recreated there (that undoes the merge); the other side's
        // contact is a duplicate of that pair's, deleted as any delete is, else left and
        // kept (the pair stays, so it is never carried back; listed until someone deletes or
        // merges it there). A change since is not deleted with it.
        (Pair { .. }, _, true) if s.merged && (two || gone == Source) && !present_changed => Delete(present, merged(s, gone, "")),
        (Pair { .. }, _, true) if s.merged && present_changed => Skip(present, merged(s, gone, &format!("; changed on the {present} since, so not deleted: merge it there by hand"))),
        (Pair { .. }, _, true) if s.merged => Skip(present, merged(s, gone, "; a one-way sync does not delete on the source")),
        (Pair { .. }, _, false) if s.merged => Skip(present, merged(s, gone, &format!("; a duplicate on the {present}, not deleted without delete mode: delete it or merge it there"))),
        // Gone from one side: deleted there since the last sync.
        (Pair { .. }, _, true) if two && present_changed => Place(present, format!("deleted on the {gone} but changed on the {present} since; a change beats a delete: recreated")),
        (Pair { .. }, _, true) if (two || gone == Source) && s.ambiguous => Skip(present, format!("gone from the {gone}, where {} unpaired contacts have its number {} (restored with duplicates?); not deleted: fix the duplicates on the {gone}", d.holders, d.key)),
        (Pair { .. }, _, true) if two || gone == Source => Delete(present, format!("synced before and deleted on the {gone} since")),
        (Pair { .. }, Mode::OneWay, _) if gone == Source => Skip(Target, "gone from the source; kept on the target (delete mode deletes it)".into()),
        (Pair { .. }, _, _) => Place(present, format!("deleted on the {gone}; recreated (delete mode propagates deletes instead)")),
        // A contact no pair holds.
        (Unusable { side }, _, _) => Skip(side, format!("no usable phone number ({})", d.why)),
        (Shared { side }, _, _) => Skip(side, format!("{} contacts on the {side} have number {}; not merged (fix them on the {side})", d.holders, d.key)),
        (New { side }, _, _) => Place(side, format!("new on the {side}")),
        // Carried across: by number to the other side's contact, or created there.
        (Alone { from }, _, _) => Create(from, d.carried.into()),
        (Crowded { from }, _, _) => Skip(from, format!("number {} is held by {} contacts on the {}; not merged (fix them on the {})", d.key, d.holders, from.other(), from.other())),
        (Taken { from }, _, _) => Skip(from, format!("number {} is held on the {} by {}, paired with another contact; not created twice (once that pair's number changes, the next run creates it)", d.key, from.other(), d.other_id)),
        // Two contacts with one number, never paired: an interrupted create that landed, or
        // the same person on both sides.
        (SameNumber { .. }, Mode::TwoWay, _) if intent.is_some_and(|o| holds(o) == Fact::Unknown) => Ask(intent.unwrap_or(Source)),
        (SameNumber { .. }, Mode::TwoWay, _) if intent.is_some_and(|o| holds(o) == Fact::No) => conflict("an interrupted write landed and the contact was changed since"),
        (SameNumber { .. }, _, _) if intent.is_some() => Carry(intent.unwrap_or(Source), "resuming an interrupted write".into()),
        (SameNumber { .. }, Mode::OneWay, _) => Carry(Source, "same number on both sides".into()),
        (SameNumber { .. }, Mode::TwoWay, _) => conflict("same number on both sides, never synced, different content"),
    }
}

/// The reason of a pair whose contact on `gone` was merged away there, with `more` after it.
fn merged(s: &Situation<'_>, gone: Side, more: &str) -> String {
    format!(
        "merged into {} on the {gone} by contacts dedupe{more}",
        s.details.kept
    )
}

#[cfg(test)]
mod tests {
    use super::Decision::{Ask, Carry, Conflict, Create, Delete, Forget, Link, Place, Skip};
    use super::*;
    use Seen::{Changed, Gone, Same};
    use Side::{Source, Target};

    fn pair(source: Seen, target: Seen) -> Found {
        Found::Pair { source, target }
    }

    /// `found` in a one-way sync without deletes, policy skip, nothing left by a crash.
    fn at(found: Found) -> Situation<'static> {
        Situation {
            found,
            mode: Mode::OneWay,
            delete: false,
            policy: ConflictPolicy::Skip,
            intent: [false; 2],
            holds: [Fact::Unknown; 2],
            ambiguous: false,
            merged: false,
            base: Fact::No,
            details: Details {
                key: "+46701234567",
                holders: 3,
                why: "no phoneNumber",
                other_id: "t1",
                carried: "new on the source",
                kept: "k1",
            },
        }
    }

    fn two_way(found: Found) -> Situation<'static> {
        Situation {
            mode: Mode::TwoWay,
            ..at(found)
        }
    }

    /// The decision's kind and side, and whether its reason says `words`.
    #[track_caller]
    fn check(s: Situation<'_>, want: Decision, words: &str) {
        let got = decide(&s);
        let reason = match &got {
            Carry(_, r) | Place(_, r) | Create(_, r) | Delete(_, r) | Skip(_, r) => r.clone(),
            Forget(r) | Link(r) | Conflict(r) | Decision::Merge(r) => r.clone(),
            Decision::Nothing | Ask(_) | Decision::AskBase => String::new(),
        };
        let blank = |d: &Decision| match d {
            Carry(s, _) => Carry(*s, String::new()),
            Place(s, _) => Place(*s, String::new()),
            Create(s, _) => Create(*s, String::new()),
            Delete(s, _) => Delete(*s, String::new()),
            Skip(s, _) => Skip(*s, String::new()),
            Forget(_) => Forget(String::new()),
            Link(_) => Link(String::new()),
            Conflict(_) => Conflict(String::new()),
            Decision::Merge(_) => Decision::Merge(String::new()),
            other => other.clone(),
        };
        assert_eq!(blank(&got), blank(&want), "{s:?}");
        assert!(reason.contains(words), "{reason:?} lacks {words:?}");
    }

    fn any(side: Side) -> [Decision; 5] {
        let e = String::new;
        [
            Carry(side, e()),
            Place(side, e()),
            Create(side, e()),
            Delete(side, e()),
            Skip(side, e()),
        ]
    }

    #[test]
    fn a_pair_present_on_both_sides_carries_what_changed() {
        let [carry_s, ..] = any(Source);
        let [carry_t, .., skip_t] = any(Target);
        let cases = [
            (at(pair(Same, Same)), Decision::Nothing, ""),
            (two_way(pair(Same, Same)), Decision::Nothing, ""),
            (
                at(pair(Changed, Same)),
                carry_s.clone(),
                "changed on the source",
            ),
            (
                at(pair(Changed, Changed)),
                carry_s.clone(),
                "changed on the source",
            ),
            (
                two_way(pair(Changed, Same)),
                carry_s,
                "changed on the source",
            ),
            (at(pair(Same, Changed)), skip_t, "a one-way sync leaves it"),
            (
                two_way(pair(Same, Changed)),
                carry_t,
                "changed on the target",
            ),
        ];
        for (situation, want, words) in cases {
            check(situation, want, words);
        }
    }

    #[test]
    fn a_pair_changed_on_both_sides_is_linked_if_equal_else_the_policy_settles_it() {
        let both = two_way(pair(Changed, Changed));
        check(both, Ask(Source), "");
        let equal = Situation {
            holds: [Fact::Yes, Fact::Unknown],
            ..both
        };
        check(equal, Link(String::new()), "same content on both sides");
        let differ = Situation {
            holds: [Fact::No, Fact::Unknown],
            ..both
        };
        check(
            differ,
            Conflict(String::new()),
            "(target contact t1); left alone",
        );
        let source_wins = Situation {
            policy: ConflictPolicy::SourceWins,
            ..differ
        };
        check(
            source_wins,
            any(Source)[0].clone(),
            "changed on both sides since the last sync; the source wins",
        );
        let target_wins = Situation {
            policy: ConflictPolicy::TargetWins,
            ..differ
        };
        check(target_wins, any(Target)[0].clone(), "; the target wins");
    }

    #[test]
    fn a_pair_changed_on_both_sides_with_a_base_is_merged_field_by_field() {
        let both = Situation {
            base: Fact::Unknown,
            ..two_way(pair(Changed, Changed))
        };
        check(both, Decision::AskBase, "");
        let merge = Situation {
            base: Fact::Yes,
            ..both
        };
        check(
            merge,
            Decision::Merge(String::new()),
            "merged field by field",
        );
        // Without a base (a pair recorded by an older build, or cards): the whole contact.
        let whole = Situation {
            base: Fact::No,
            ..both
        };
        check(whole, Ask(Source), "");
    }

    #[test]
    fn an_interrupted_write_counts_its_origin_changed_and_completes_if_nobody_edited_since() {
        let from_source = Situation {
            intent: [true, false],
            ..two_way(pair(Same, Same))
        };
        check(from_source, any(Source)[0].clone(), "changed on the source");
        // The target changed: by the write that landed, or by someone since?
        let target_changed = Situation {
            found: pair(Same, Changed),
            ..from_source
        };
        check(target_changed, Ask(Source), "");
        let landed = Situation {
            holds: [Fact::Yes, Fact::Unknown],
            ..target_changed
        };
        check(landed, any(Source)[0].clone(), "changed on the source");
        let edited = Situation {
            holds: [Fact::No, Fact::Unknown],
            ..target_changed
        };
        check(edited, Conflict(String::new()), "changed on both sides");
        let from_target = Situation {
            intent: [false, true],
            ..two_way(pair(Same, Same))
        };
        check(from_target, any(Target)[0].clone(), "changed on the target");
        // Both sides' writes interrupted: the target's counts, the source is its own change.
        let both = Situation {
            intent: [true, true],
            ..from_target
        };
        check(both, Ask(Target), "");
        let both_landed = Situation {
            holds: [Fact::Unknown, Fact::Yes],
            ..both
        };
        check(both_landed, any(Target)[0].clone(), "changed on the target");
    }

    #[test]
    fn a_pair_gone_from_both_sides_is_forgotten() {
        check(
            at(pair(Gone, Gone)),
            Forget(String::new()),
            "gone from both sides",
        );
    }

    #[test]
    fn a_pair_gone_from_one_side_is_deleted_recreated_or_kept_by_the_mode() {
        let delete = |s: Situation<'static>| Situation { delete: true, ..s };
        let [.., delete_t, skip_t] = any(Target);
        let [_, place_s, ..] = any(Source);
        let place_t = any(Target)[1].clone();
        let ambiguous = Situation {
            ambiguous: true,
            ..delete(at(pair(Gone, Same)))
        };
        let cases = [
            (
                delete(at(pair(Gone, Same))),
                delete_t.clone(),
                "synced before and deleted on the source since",
            ),
            (
                delete(at(pair(Gone, Changed))),
                delete_t.clone(),
                "deleted on the source",
            ),
            (
                delete(two_way(pair(Gone, Same))),
                delete_t,
                "deleted on the source",
            ),
            (
                delete(two_way(pair(Gone, Changed))),
                place_t.clone(),
                "a change beats a delete: recreated",
            ),
            (
                ambiguous,
                skip_t.clone(),
                "where 3 unpaired contacts have its number +46701234567 (restored with duplicates?)",
            ),
            (
                delete(at(pair(Same, Gone))),
                place_s.clone(),
                "deleted on the target; recreated",
            ),
            (
                at(pair(Same, Gone)),
                place_s,
                "deleted on the target; recreated",
            ),
            (
                at(pair(Gone, Changed)),
                skip_t,
                "gone from the source; kept on the target",
            ),
            (
                two_way(pair(Gone, Same)),
                place_t,
                "deleted on the source; recreated (delete mode",
            ),
        ];
        for (situation, want, words) in cases {
            check(situation, want, words);
        }
    }

    #[test]
    fn a_pair_whose_contact_dedupe_merged_away_is_never_recreated_there() {
        let merged = |s: Situation<'static>| Situation { merged: true, ..s };
        let delete = |s: Situation<'static>| Situation { delete: true, ..s };
        let skip = |side: Side| any(side)[4].clone();
        let words = "merged into k1 on the source by contacts dedupe";
        let cases = [
            (two_way(pair(Gone, Same)), skip(Target), words),
            (
                two_way(pair(Gone, Same)),
                skip(Target),
                "not deleted without delete mode",
            ),
            (
                delete(two_way(pair(Gone, Same))),
                any(Target)[3].clone(),
                words,
            ),
            (delete(at(pair(Gone, Same))), any(Target)[3].clone(), words),
            // A change since beats the delete, but does not recreate the merged-away contact.
            (
                delete(two_way(pair(Gone, Changed))),
                skip(Target),
                "changed on the target since, so not deleted",
            ),
            // One-way never deletes on the source, nor recreates on the target.
            (
                delete(at(pair(Same, Gone))),
                skip(Source),
                "merged into k1 on the target by contacts dedupe; a one-way sync does not delete",
            ),
            (
                at(pair(Same, Gone)),
                skip(Source),
                "merged into k1 on the target",
            ),
        ];
        for (situation, want, words) in cases {
            check(merged(situation), want, words);
        }
    }

    #[test]
    fn a_contact_no_pair_holds_is_carried_across_unless_its_number_is_unusable_or_shared() {
        let cases = [
            (
                Found::Unusable { side: Target },
                any(Target)[4].clone(),
                "no usable phone number (no phoneNumber)",
            ),
            (
                Found::Shared { side: Source },
                any(Source)[4].clone(),
                "3 contacts on the source have number +46701234567; not merged",
            ),
            (
                Found::New { side: Target },
                any(Target)[1].clone(),
                "new on the target",
            ),
            (
                Found::Alone { from: Source },
                any(Source)[2].clone(),
                "new on the source",
            ),
            (
                Found::Crowded { from: Source },
                any(Source)[4].clone(),
                "held by 3 contacts on the target; not merged",
            ),
            (
                Found::Taken { from: Target },
                any(Target)[4].clone(),
                "held on the source by t1, paired with another contact; not created twice",
            ),
        ];
        for (found, want, words) in cases {
            check(at(found), want, words);
        }
    }

    #[test]
    fn two_contacts_never_paired_with_one_number_pair_or_conflict() {
        let meet = Found::SameNumber { from: Target };
        check(
            at(meet),
            any(Source)[0].clone(),
            "same number on both sides",
        );
        check(two_way(meet), Ask(Source), "");
        let equal = Situation {
            holds: [Fact::Yes, Fact::Unknown],
            ..two_way(meet)
        };
        check(equal, Link(String::new()), "same content");
        let differ = Situation {
            holds: [Fact::No, Fact::Unknown],
            ..two_way(meet)
        };
        check(
            differ,
            Conflict(String::new()),
            "never synced, different content",
        );
    }

    #[test]
    fn an_interrupted_create_found_by_number_is_resumed_unless_edited_since() {
        let resumed = Situation {
            intent: [false, true],
            ..at(Found::SameNumber { from: Source })
        };
        check(
            resumed,
            any(Target)[0].clone(),
            "resuming an interrupted write",
        );
        let two = Situation {
            mode: Mode::TwoWay,
            ..resumed
        };
        check(two, Ask(Target), "");
        let landed = Situation {
            holds: [Fact::Unknown, Fact::Yes],
            ..two
        };
        check(landed, any(Target)[0].clone(), "resuming");
        let edited = Situation {
            holds: [Fact::No, Fact::No],
            ..two
        };
        check(
            edited,
            Conflict(String::new()),
            "an interrupted write landed and the contact was changed since",
        );
        // The contact carried across has the intent: it comes first.
        let both = Situation {
            intent: [true, true],
            ..resumed
        };
        check(both, any(Source)[0].clone(), "resuming");
    }
}
