//! The household form: commune and village (the plan's org units), survey date, the household's
//! questions and its members with the questions that apply to each (skip logic), every problem
//! next to its field, and draft/complete. Autosave: every change is written within a second
//! (debounced, and at once when the page is hidden or left) and acknowledged with the time. A
//! newer save from another tab is loaded if this form has no unsaved change, otherwise the user
//! chooses; the store refuses stale writes, so nothing is overwritten silently.
//!
//! Drafts are saved as they are, problems included (a survey is often finished on a second
//! visit). A complete household that gets a problem is turned back into a draft at once, and
//! the form says so. A new member has no answer at all (no date of birth, sex or relation)
//! until the surveyor gives one; "Thêm chủ hộ", "Thêm vợ/chồng" and "Thêm con" add a member
//! whose relation is the one tapped, "Thêm nhân khẩu" one with none. The household's questions
//! come first, then each member as a card (`MemberFields`); `FormProgress` keeps what is left
//! in view. A removed member can be put back, every answer with it. The form starts with the
//! notice on personal data processing (`ConsentNotice`): no question is shown before the
//! household agreed.

use ansinh_core::domain::skip::SkipRules;
use ansinh_core::domain::survey::{Household, Member, Relation};
use ansinh_core::i18n::Msg;
use ansinh_core::views::survey_form::{clear_inapplicable, settle_completeness};
use chrono::{Local, Timelike, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::components::autosave::{Autosave, Job};
use crate::components::completeness_bar::CompletenessBar;
use crate::components::consent_notice::{consent_given, ConsentNotice};
use crate::components::form_ctx::{iso_date, parse_iso_date, FormCtx, FormParts};
use crate::components::form_progress::FormProgress;
use crate::components::household_fields::HouseholdFields;
use crate::components::household_list::{org_units, unit_name, village_label};
use crate::components::member_fields::MemberFields;
use crate::components::save_status::{SaveState, SaveStatus};
use crate::components::t::T;
use crate::components::when::When;
use crate::context::{use_lang, use_plan, use_store, Part};

/// The form of the household `id` (read from the store; a missing id says so).
///
/// Props:
/// - `id`: the household's record id.
#[component]
pub fn HouseholdForm(id: Uuid) -> impl IntoView {
    let lang = use_lang();
    let store = use_store();
    let back = move || view! { <p class="back"><A href="/ho-gia-dinh"><T m=Msg::BackToList/></A></p> };

    let Some(initial) = store.with_untracked(|s| s.get::<Household>(id).cloned()).flatten() else {
        return view! { {back} <p class="callout" data-testid="not-found"><T m=Msg::RecordNotFound/></p> }.into_any();
    };

    let draft = RwSignal::new(initial.record);
    // The time of the change goes into the record; the status shows the local time.
    let autosave = Autosave::new(initial.rev, move |base| {
        // The snapshot now; the write under the cross-tab lock a moment later.
        let mut h = draft.try_get_untracked()?;
        let job: Job = Box::new(move || {
            let now = Utc::now();
            h.meta.updated_at = now.max(h.meta.created_at);
            store.update(|s| s.save(&h, base, now)).map(|rev| {
                draft.try_update_untracked(|d| d.meta.updated_at = h.meta.updated_at);
                let t = now.with_timezone(&Local);
                (rev, format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second()))
            })
        });
        Some(job)
    });
    // An edit that could not be saved earlier (full storage, a conflict left open, a page that
    // went away before its write) comes back; one whose save landed after all differs from the
    // stored record only by the time the save set.
    autosave.keep_draft(id.to_string(), draft, |stored, kept| {
        let mut stored = stored.clone();
        stored.meta.updated_at = kept.meta.updated_at;
        stored == *kept
    });
    let state = autosave.state;
    let rules = SkipRules::from_plan(&use_plan().0.get_untracked());
    let parts = FormParts::new(draft, rules);
    let FormParts { pending, report, reloaded } = parts;
    let demoted = RwSignal::new(false);

    let reload = move || {
        // "Tải bản mới" right after a conflict: the other tab's write may not have reached this
        // tab's memory yet (its `storage` event still on the way); reloading the copy held here
        // would give the old revision back, and the next save would conflict again. A failed
        // re-read leaves the copy held here (the store reports its own errors).
        let _ = store.catch_up();
        if let Some(st) = store.with_untracked(|s| s.get::<Household>(id).cloned()).flatten() {
            draft.set(st.record);
            autosave.reloaded(st.rev);
            pending.set(Default::default());
            reloaded.update(|n| *n += 1);
        }
    };

    let changed = Callback::new(move |_: ()| {
        // A complete household may not keep a problem: it becomes a draft again, visibly.
        let r = report.get_untracked();
        let mut back = false;
        draft.update_untracked(|h| back = settle_completeness(h, &r));
        if back {
            draft.notify();
            demoted.set(true);
        } else if r.can_complete() {
            demoted.set(false);
        }
        autosave.changed();
    });

    // Another tab saved or deleted this record (the store follows `storage` events).
    let stored = Memo::new(move |_| {
        store.read(&[Part::Households], |s| (s.get::<Household>(id).map(|x| x.rev), s.is_deleted(id)))
    });
    Effect::new(move |_| {
        let Some((rev, deleted)) = stored.get() else { return };
        if deleted {
            state.set(SaveState::DeletedElsewhere);
            return;
        }
        if rev.is_none() || rev == autosave.base() {
            return;
        }
        if autosave.is_dirty() {
            state.set(SaveState::Conflict);
        } else {
            reload();
            state.set(SaveState::ReloadedNewer);
        }
    });
    let keep_mine = move |_| {
        if let Some(rev) = store.with_untracked(|s| s.get::<Household>(id).map(|x| x.rev)).flatten() {
            autosave.rebase(rev);
            autosave.commit();
        }
    };
    let load_newer = move |_| {
        reload();
        state.set(SaveState::ReloadedNewer);
    };
    // The user knowingly drops an edit that could not be saved: the stored version comes back.
    let discard = move |_| {
        reload();
        state.set(SaveState::Idle);
    };

    let form = FormCtx::new(draft, changed, parts, rules);
    provide_context(form);

    let communes = org_units().communes().into_iter().map(|u| u.id.clone()).collect::<Vec<_>>();
    // Open villages of the commune, plus the household's own (closed, or unknown to the list:
    // shown as such rather than as an empty choice).
    // The household's place alone: the selects and their options rerun when it changes, not at
    // every keystroke in the draft.
    let commune_id = Memo::new(move |_| draft.with(|h| h.commune_id.clone()));
    let village_id = Memo::new(move |_| draft.with(|h| h.village_id.clone()));
    let villages = Memo::new(move |_| {
        let (commune, current) = (commune_id.get(), village_id.get());
        let units = org_units();
        let mut ids: Vec<String> =
            units.offered_villages(&commune, &current).into_iter().map(|u| u.id.clone()).collect();
        if !current.trim().is_empty() && !ids.contains(&current) {
            ids.push(current);
        }
        ids
    });
    let member_ids = Memo::new(move |_| draft.with(|h| h.members.iter().map(|m| m.id).collect::<Vec<_>>()));

    let set_commune = move |ev| {
        let c = event_target_value(&ev);
        let first = org_units().offered_villages(&c, "").first().map(|u| u.id.clone()).unwrap_or_default();
        draft.update(|h| {
            h.commune_id = c;
            h.village_id = first;
        });
        changed.run(());
    };
    let set_village = move |ev| {
        let v = event_target_value(&ev);
        draft.update(|h| h.village_id = v);
        changed.run(());
    };
    let set_date = move |ev| {
        if let Some(d) = parse_iso_date(&event_target_value(&ev)) {
            // Ages move with the survey date: questions that stop applying lose their answers.
            draft.update(|h| {
                h.survey_date = d;
                clear_inapplicable(h, &rules);
            });
            changed.run(());
        }
    };
    // The relation is the button tapped (an answer the surveyor gave), or none.
    let add_member = move |relation: Option<Relation>| {
        let id = Uuid::new_v4();
        form.fresh.set(Some(id));
        draft.update(|h| {
            let mut m = Member::blank(id);
            m.relation = relation;
            h.members.push(m);
        });
        changed.run(());
    };
    let consented = Memo::new(move |_| draft.with(consent_given));
    let consented_or_declined = Memo::new(move |_| draft.with(|h| h.consent.is_some()));
    let has_head = Memo::new(move |_| draft.with(|h| h.members.iter().any(|m| m.is_head())));
    let has_spouse = Memo::new(move |_| draft.with(|h| h.members.iter().any(|m| m.relation == Some(Relation::Spouse))));
    let removed_name = move || {
        form.removed.with(|r| r.as_ref().map(|(_, m)| m.name.trim().to_owned())).map(|n| {
            let n = if n.is_empty() { lang.t(Msg::UnnamedMember).to_owned() } else { n };
            lang.t(Msg::MemberRemoved).replace("{name}", &n)
        })
    };

    view! {
        {back}
        <form class="household-form" data-testid="household-form" on:submit=|ev| ev.prevent_default()>
            <h3><T m=Msg::HouseholdForm/></h3>
            <FormProgress/>
            <SaveStatus state=state/>
            <When when=move || demoted.get()>
                <p class="callout warning" role="status" data-testid="demoted"><T m=Msg::DemotedToDraft/></p>
            </When>
            <When when=move || state.get() == SaveState::Conflict>
                <div class="conflict" data-testid="conflict">
                    <button type="button" on:click=load_newer><T m=Msg::LoadNewer/></button>
                    <button type="button" class="danger" on:click=keep_mine><T m=Msg::KeepMine/></button>
                </div>
            </When>
            <When when=move || matches!(state.get(), SaveState::Failed(_))>
                <p>
                    <button type="button" class="danger" data-testid="discard-unsaved" on:click=discard>
                        <T m=Msg::DiscardUnsaved/>
                    </button>
                </p>
            </When>
            <ConsentNotice/>
            <div class="fields">
                <label>
                    <span><T m=Msg::FieldCommune/></span>
                    <select data-testid="commune" prop:value=move || commune_id.get() on:change=set_commune>
                        {communes
                            .into_iter()
                            .map(|c| {
                                let label = c.clone();
                                let this = c.clone();
                                view! {
                                    <option value=c prop:selected=move || commune_id.with(|id| *id == this)>
                                        {move || unit_name(&label, lang.0.get())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    <span><T m=Msg::FieldVillage/></span>
                    <select data-testid="village" prop:value=move || village_id.get() on:change=set_village>
                        <For each=move || villages.get() key=|v| v.clone() let:v>
                            {
                                let label = v.clone();
                                let this = v.clone();
                                view! {
                                    <option value=v prop:selected=move || village_id.with(|id| *id == this)>
                                        {move || village_label(&label, lang.0.get())}
                                    </option>
                                }
                            }
                        </For>
                    </select>
                </label>
                <label>
                    <span><T m=Msg::FieldSurveyDate/></span>
                    <input
                        type="date"
                        data-testid="survey-date"
                        prop:value=move || iso_date(form.survey_date.get())
                        on:change=set_date
                    />
                </label>
            </div>
            // No survey question before the household agreed to the notice (issue #19).
            <When when=move || consented.get()>
            <HouseholdFields/>
            <h3><T m=Msg::Members/></h3>
            <crate::components::field_problems::FieldProblems path="members".to_owned()/>
            <For each=move || member_ids.get() key=|id| *id let:id>
                <MemberFields id=id/>
            </For>
            {move || {
                removed_name()
                    .map(|text| {
                        view! {
                            <div class="undo-bar" role="status" data-testid="member-undo-bar">
                                <span>{text}</span>
                                <button type="button" data-testid="undo-remove-member" on:click=move |_| form.undo_remove()>
                                    <T m=Msg::Undo/>
                                </button>
                            </div>
                        }
                    })
            }}
            <div class="add-members">
                <When
                    when=move || has_head.get()
                    fallback=move || view! {
                        <button type="button" class="primary" data-testid="add-head" on:click=move |_| add_member(Some(Relation::Head))>
                            <T m=Msg::AddHead/>
                        </button>
                    }
                >
                    <When when=move || !has_spouse.get()>
                        <button type="button" data-testid="add-spouse" on:click=move |_| add_member(Some(Relation::Spouse))>
                            <T m=Msg::AddSpouse/>
                        </button>
                    </When>
                    <button type="button" data-testid="add-child" on:click=move |_| add_member(Some(Relation::Child))>
                        <T m=Msg::AddChild/>
                    </button>
                </When>
                <button type="button" data-testid="add-member" on:click=move |_| add_member(None)><T m=Msg::AddMember/></button>
            </div>
            </When>
            <When when=move || consented_or_declined.get()>
                <CompletenessBar/>
            </When>
        </form>
    }
    .into_any()
}
