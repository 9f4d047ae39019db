//! What the household form shares with its field components (not a component itself).
//!
//! Contract: `HouseholdForm` provides one `FormCtx`; field components read and edit the draft
//! through it and call `changed` after every edit (the form saves, debounced). Inputs whose
//! text is not (yet) a value of the record — a number that does not parse, a height without
//! how it was measured — leave the record's field empty and put their message in `pending`,
//! keyed by the household field name or `m:<member id>.<field>` (so it follows the member
//! when another is removed); the report turns the keys into paths. `reloaded` counts loads of
//! another tab's version: inputs holding their own text take the record's value again then.

use std::collections::{BTreeMap, HashMap};

use ansinh_core::domain::skip::SkipRules;
use ansinh_core::domain::survey::{Household, Member, Problem};
use ansinh_core::i18n::Text;
use ansinh_core::views::survey_form::{FormReport, Unparsed};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use uuid::Uuid;

/// The household form's shared state.
#[derive(Debug, Clone, Copy)]
pub struct FormCtx {
    pub draft: RwSignal<Household>,
    pub changed: Callback<()>,
    pub pending: RwSignal<BTreeMap<String, Text>>,
    pub report: Memo<FormReport>,
    /// The report's problems by field path, what each question reads (see `ProblemsByPath`).
    pub problems: ProblemsByPath,
    /// Show "not answered" next to fields (after an attempt to mark the household complete);
    /// errors are always shown.
    pub show_missing: RwSignal<bool>,
    pub reloaded: RwSignal<u32>,
    pub rules: SkipRules,
    /// The member just added (its card opens with the name focused).
    pub fresh: RwSignal<Option<Uuid>>,
    /// The member whose card "next unanswered question" needs open.
    pub reveal: RwSignal<Option<Uuid>>,
    /// The member last removed, with its place, until undone or another is removed.
    pub removed: RwSignal<Option<(usize, Member)>>,
    /// The survey date alone: what a member's questions depend on besides its own answers (a
    /// keystroke elsewhere in the draft does not reach them).
    pub survey_date: Memo<NaiveDate>,
}

impl FormCtx {
    pub fn new(draft: RwSignal<Household>, changed: Callback<()>, parts: FormParts, rules: SkipRules) -> Self {
        FormCtx {
            draft,
            changed,
            pending: parts.pending,
            report: parts.report,
            problems: ProblemsByPath::new(parts.report),
            show_missing: RwSignal::new(false),
            reloaded: parts.reloaded,
            rules,
            fresh: RwSignal::new(None),
            reveal: RwSignal::new(None),
            removed: RwSignal::new(None),
            survey_date: Memo::new(move |_| draft.with(|h| h.survey_date)),
        }
    }

    /// Removes member `id` with every answer, keeping it for `undo_remove`.
    pub fn remove_member(&self, id: Uuid) {
        let prefix = format!("m:{id}.");
        self.pending.update(|p| p.retain(|k, _| !k.starts_with(&prefix)));
        let mut taken = None;
        self.draft.update(|h| {
            if let Some(i) = h.members.iter().position(|x| x.id == id) {
                taken = Some((i, h.members.remove(i)));
            }
        });
        if taken.is_some() {
            self.removed.set(taken);
            self.changed.run(());
        }
    }

    /// Puts the last removed member back at its place, every answer as it was.
    pub fn undo_remove(&self) {
        let Some((i, m)) = self.removed.get_untracked() else { return };
        self.removed.set(None);
        self.draft.update(|h| {
            let i = i.min(h.members.len());
            h.members.insert(i, m);
        });
        self.changed.run(());
    }

    /// Sets or clears the pending message of `key`, notifying only on a change.
    pub fn set_pending(&self, key: String, message: Option<Text>) {
        if self.pending.with_untracked(|p| p.get(&key) == message.as_ref()) {
            return;
        }
        self.pending.update(|p| match message {
            Some(m) => {
                p.insert(key, m);
            }
            None => {
                p.remove(&key);
            }
        });
    }

    /// Edits the household and reports the change.
    pub fn edit(&self, f: impl FnOnce(&mut Household)) {
        self.draft.update(f);
        self.changed.run(());
    }

    /// The member `id`'s handle, with the memos its fields read (create it once per card: a
    /// keystroke in one member's name then reruns that member's fields only, not every field of
    /// every member, which at eight members was most of a keystroke's work).
    pub fn member(&self, id: Uuid) -> MemberRef {
        let draft = self.draft;
        MemberRef {
            id,
            ctx: *self,
            member: Memo::new(move |_| draft.with(|h| h.members.iter().find(|m| m.id == id).cloned())),
            index: Memo::new(move |_| draft.with(|h| h.members.iter().position(|m| m.id == id).unwrap_or(0))),
        }
    }
}

/// The parts of the context the form's own closures need before the context exists (its
/// `changed` reads the report; its reload clears `pending` and bumps `reloaded`).
#[derive(Debug, Clone, Copy)]
pub struct FormParts {
    pub pending: RwSignal<BTreeMap<String, Text>>,
    pub report: Memo<FormReport>,
    pub reloaded: RwSignal<u32>,
}

impl FormParts {
    /// The pending messages and the report over `draft` with them.
    pub fn new(draft: RwSignal<Household>, rules: SkipRules) -> Self {
        let pending = RwSignal::new(BTreeMap::new());
        let report = Memo::new(move |_| {
            let unparsed = pending.with(|p| draft.with(|h| paths(h, p)));
            draft.with(|h| FormReport::new(h, &unparsed, &rules))
        });
        FormParts { pending, report, reloaded: RwSignal::new(0) }
    }
}

/// The report's problems per field path, each path a signal of its own that changes only when
/// that field's problems do.
///
/// Why: every question shows its own problems, and a household of eight has about 175 of them,
/// each with three memos. Subscribed to the report directly, every keystroke marked and checked
/// all of them (and cloned the report's list of subscribers) before finding that the report had
/// not changed for them: about a third of a keystroke's work at 4× CPU throttling (issue 22).
/// Here one effect compares each path's problems when the report changes and sets the paths
/// whose problems did.
#[derive(Debug, Clone, Copy)]
pub struct ProblemsByPath(StoredValue<HashMap<String, ArcRwSignal<Vec<Problem>>>>);

impl ProblemsByPath {
    pub fn new(report: Memo<FormReport>) -> Self {
        let paths = StoredValue::new(HashMap::<String, ArcRwSignal<Vec<Problem>>>::new());
        Effect::new(move |_| {
            let changed = report.with(|r| {
                let mut by_field: HashMap<&str, Vec<Problem>> = HashMap::new();
                for p in &r.problems {
                    by_field.entry(p.field.as_str()).or_default().push(p.clone());
                }
                paths.with_value(|paths| {
                    paths
                        .iter()
                        .filter_map(|(path, problems)| {
                            let now = by_field.remove(path.as_str()).unwrap_or_default();
                            problems.with_untracked(|old| *old != now).then(|| (problems.clone(), now))
                        })
                        .collect::<Vec<_>>()
                })
            });
            // Set once the map is no longer borrowed: a reader may add its path meanwhile.
            for (problems, now) in changed {
                problems.set(now);
            }
        });
        ProblemsByPath(paths)
    }

    /// `f` of the problems at `path` (tracked: the caller reruns when they change). A path
    /// read for the first time starts from the report as it is.
    pub fn with_at<R>(&self, path: &str, report: Memo<FormReport>, f: impl FnOnce(&[Problem]) -> R) -> R {
        let problems = self.0.try_update_value(|paths| {
            paths
                .entry(path.to_owned())
                .or_insert_with(|| ArcRwSignal::new(report.with_untracked(|r| r.at(path).cloned().collect())))
                .clone()
        });
        match problems {
            Some(problems) => problems.with(|p| f(p)),
            // The form is gone (a disposed reader): nothing to show.
            None => f(&[]),
        }
    }
}

/// The form context; panics only outside `HouseholdForm` (a programming error).
pub fn use_form() -> FormCtx {
    expect_context::<FormCtx>()
}

/// Turns pending keys into the report's field paths (members by their current position).
fn paths(h: &Household, pending: &BTreeMap<String, Text>) -> Unparsed {
    pending
        .iter()
        .filter_map(|(k, v)| {
            let path = match k.strip_prefix("m:") {
                Some(rest) => {
                    let (id, field) = rest.split_once('.')?;
                    let i = h.members.iter().position(|m| m.id.to_string() == id)?;
                    format!("members[{i}].{field}")
                }
                None => k.clone(),
            };
            Some((path, v.clone()))
        })
        .collect()
}

/// One member of the draft, found by id (its position follows when another is removed).
#[derive(Debug, Clone, Copy)]
pub struct MemberRef {
    pub id: Uuid,
    pub ctx: FormCtx,
    /// The member as it is in the draft (`None` once removed): changes only when it does.
    member: Memo<Option<Member>>,
    /// Its position in the household.
    pub index: Memo<usize>,
}

impl MemberRef {
    /// Reads the member (tracked: reruns when this member changes); the default if it was
    /// removed.
    pub fn read<R: Default>(&self, f: impl FnOnce(&Member) -> R) -> R {
        self.member.with(|m| m.as_ref().map(f).unwrap_or_default())
    }

    /// Edits the member and reports the change.
    pub fn edit(&self, f: impl FnOnce(&mut Member)) {
        let id = self.id;
        let mut done = false;
        self.ctx.draft.update(|h| {
            if let Some(m) = h.members.iter_mut().find(|m| m.id == id) {
                f(m);
                done = true;
            }
        });
        if done {
            self.ctx.changed.run(());
        }
    }

    /// The report path of the member's `field`, at its current position (tracked).
    pub fn path(&self, field: &str) -> String {
        format!("members[{}].{field}", self.index.get())
    }

    /// `path(field)` as a signal, for a `Question`. One function for every question, so the
    /// wasm has one derived-signal closure, not one per call site.
    pub fn path_signal(self, field: &'static str) -> Signal<String> {
        Signal::derive(move || self.path(field))
    }

    /// The pending key of the member's `field`.
    pub fn key(&self, field: &str) -> String {
        format!("m:{}.{field}", self.id)
    }
}

/// `YYYY-MM-DD`, the value format of `<input type="date">` (by hand: no chrono format strings
/// in the app, they cost download size).
pub fn iso_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Reads an `<input type="date">` value; "" (cleared or incomplete) is `None`.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.trim().splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}
