//! Step 2 of the list import: which row holds the headers, which column holds which answer,
//! which answers identify a household already on the device, and the village of every row when
//! no column gives it. Every change recomputes the preview; a mapping that cannot be used says
//! why (`Mapping::check`).

use ansinh_core::views::list_import::{guess_mapping_at, Field, Mapping};
use leptos::prelude::*;

use crate::components::household_list::org_units;
use crate::context::use_lang;
use crate::pages::list_import::{column_label, say, tx, use_list_import};

#[component]
pub fn ListMapping() -> impl IntoView {
    let lang = use_lang();
    let ctx = use_list_import();
    let edit = move |f: &dyn Fn(&mut Mapping)| ctx.mapping.update(|m| m.iter_mut().for_each(f));

    // A row is built once per table and header row (its options' labels come from that row);
    // a pick then changes only the reactive `selected`/`checked` of its own row, so the select
    // the user is on stays in the page, with the focus, instead of the whole table being
    // rebuilt under the finger on every change.
    let field_row = move |field: Field| {
        let table = ctx.table.get_untracked()?;
        let header = ctx.mapping.with_untracked(|m| m.as_ref().map(|m| m.header_row))?;
        let current = move || ctx.mapping.with(|m| m.as_ref().and_then(|m| m.column(field)));
        let options = (0..table.width())
            .map(|c| {
                view! {
                    <option value=c.to_string() prop:selected=move || current() == Some(c)>
                        {column_label(&table, header, c, lang.0.get())}
                    </option>
                }
            })
            .collect_view();
        let is_key = move || ctx.mapping.with(|m| m.as_ref().is_some_and(|m| m.keys.contains(&field)));
        let slug = format!("{field:?}").to_lowercase();
        Some(view! {
            <tr data-testid=format!("map-{slug}")>
                <th scope="row">{say(lang, field.label())}</th>
                <td>
                    <select
                        aria-label=move || field.label().get(lang.0.get()).to_owned()
                        data-testid=format!("map-col-{slug}")
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            edit(&|m: &mut Mapping| match v.parse::<usize>() {
                                Ok(c) => {
                                    m.columns.insert(field, c);
                                }
                                Err(_) => {
                                    m.columns.remove(&field);
                                }
                            });
                        }
                    >
                        <option value="" prop:selected=move || current().is_none()>
                            {say(lang, tx("— không có trong tệp —", "— not in the file —"))}
                        </option>
                        {options}
                    </select>
                </td>
                <td>
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid=format!("map-key-{slug}")
                            prop:checked=is_key
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                edit(&|m: &mut Mapping| {
                                    m.keys.retain(|k| *k != field);
                                    if on {
                                        m.keys.push(field);
                                        m.keys.sort();
                                    }
                                });
                            }
                        />
                        <span>{say(lang, tx("dùng để nhận ra hộ", "identifies the household"))}</span>
                    </label>
                </td>
            </tr>
        })
    };
    // Changes only when another header row is chosen (or a new mapping guessed), not on a pick.
    let header = Memo::new(move |_| ctx.mapping.with(|m| m.as_ref().map(|m| m.header_row)));
    let header_row = move || header.get().map(|r| r + 1);
    let no_village_column =
        move || ctx.mapping.with(|m| m.as_ref().is_some_and(|m| m.column(Field::Village).is_none()));
    let villages = move || {
        let commune = ctx.commune.get();
        let current = ctx.default_village.get();
        org_units()
            .offered_villages(&commune, "")
            .into_iter()
            .map(|u| {
                let id = u.id.clone();
                let selected = current.as_deref() == Some(id.as_str());
                view! { <option value=id selected=selected>{u.name.get(lang.0.get()).to_owned()}</option> }
            })
            .collect_view()
    };
    let problem = move || ctx.mapping.with(|m| m.as_ref().and_then(|m| m.check().err()));

    view! {
        <Show when=move || ctx.table.with(Option::is_some)>
            <div class="panel" data-testid="list-mapping-step">
                <h3>{say(lang, tx("2. Cột nào ghi gì", "2. Which column holds what"))}</h3>
                <label class="field">
                    <span>{say(lang, tx("Dòng tiêu đề (số dòng trong tệp)", "Header row (row number in the file)"))}</span>
                    <input
                        type="number"
                        min="1"
                        inputmode="numeric"
                        data-testid="list-header-row"
                        prop:value=move || header_row().map(|r| r.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            let Ok(r) = event_target_value(&ev).trim().parse::<usize>() else { return };
                            let Some(table) = ctx.table.get_untracked() else { return };
                            if r >= 1 && r <= table.rows.len() {
                                ctx.mapping.set(Some(guess_mapping_at(&table, r - 1)));
                            }
                        }
                    />
                </label>
                <table class="records mapping">
                    <thead>
                        <tr>
                            <th scope="col">{say(lang, tx("Nội dung", "Answer"))}</th>
                            <th scope="col">{say(lang, tx("Cột trong tệp", "Column in the file"))}</th>
                            <th scope="col">{say(lang, tx("Khóa", "Key"))}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            ctx.table.track();
                            header.track();
                            Field::ALL.into_iter().map(field_row).collect_view()
                        }}
                    </tbody>
                </table>
                <Show when=no_village_column>
                    <label class="field">
                        <span>{say(lang, tx("Thôn, làng, tổ dân phố của cả danh sách", "Village of the whole list"))}</span>
                        <select
                            data-testid="list-village"
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                ctx.default_village.set((!v.is_empty()).then_some(v));
                            }
                        >
                            <option value="">{say(lang, tx("— chọn —", "— choose —"))}</option>
                            {villages}
                        </select>
                    </label>
                </Show>
                {move || problem().map(|t| view! {
                    <p class="callout warning" role="alert" data-testid="list-mapping-problem">{say(lang, t)}</p>
                })}
            </div>
        </Show>
    }
}
