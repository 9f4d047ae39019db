//! The yearly report as a .docx document, in the layout of Decree 30/2020/NĐ-CP (Appendix I),
//! with the same content as the print view (`src/components/report_print.rs`): the two-column
//! header (issuing body and "Số: …/BC-UBND" left; the national name, the motto and the place and
//! date right), "BÁO CÁO" and the subject, sections I–IV with the indicator table, and the
//! recipients (Nơi nhận) bottom left beside the signature block bottom right.
//!
//! Contract:
//! - Always Vietnamese (the official text), Times New Roman throughout (set as the document's
//!   default font for every script), 14 pt body, A4 with the decree's margins (top and bottom
//!   20 mm, left 30 mm, right 15 mm).
//! - The indicator rows are given by the caller: the report's snapshot when finalised, else the
//!   live rows (`Report::table`), as the print view shows them.
//! - Entered text is written as text runs (never interpreted); an empty field leaves an empty
//!   paragraph so the office can type into it in Word.

use ansinh_core::domain::plan::Plan;
use ansinh_core::engine::{format_target, format_value, unit_suffix};
use ansinh_core::i18n::Lang;
use ansinh_core::report::{IndicatorRow, Report};
use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, Table, TableBorders, TableCell,
    TableLayoutType, TableRow, WidthType,
};

use crate::OfficeError;

/// The font the decree prescribes.
pub const FONT: &str = "Times New Roman";
/// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
pub const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// "Độc lập - Tự do - Hạnh phúc".
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// Sizes in half-points.
const BODY: usize = 28;
const SMALL: usize = 26;
const TABLE: usize = 24;
const RECIPIENTS: usize = 22;

/// A4 text width in twentieths of a point: 210 mm − 30 mm − 15 mm.
const TEXT_WIDTH: usize = 9355;

fn run(text: impl Into<String>, size: usize) -> Run {
    Run::new().add_text(text).size(size)
}

fn para(align: AlignmentType) -> Paragraph {
    Paragraph::new().align(align).line_spacing(LineSpacing::new().before(0).after(60))
}

fn centered(text: impl Into<String>, size: usize, bold: bool) -> Paragraph {
    let r = run(text, size);
    para(AlignmentType::Center).add_run(if bold { r.bold() } else { r })
}

/// A body paragraph: justified, first line indented as officials write.
fn body(text: impl Into<String>) -> Paragraph {
    para(AlignmentType::Both)
        .indent(None, Some(docx_rs::SpecialIndentType::FirstLine(567)), None, None)
        .add_run(run(text, BODY))
}

fn heading(text: impl Into<String>) -> Paragraph {
    para(AlignmentType::Both).add_run(run(text, BODY).bold())
}

fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    paragraphs.into_iter().fold(TableCell::new().width(width, WidthType::Dxa), |c, p| c.add_paragraph(p))
}

/// The document header: issuing body and number left, nation, motto, place and date right.
fn header(report: &Report) -> Table {
    let h = &report.content().header;
    let left = vec![
        centered(h.issuing_body.clone(), SMALL, true),
        centered("________", SMALL, false),
        centered(h.number_line(), SMALL, false),
    ];
    let right = vec![
        centered(NATION, SMALL, true),
        centered(MOTTO, BODY, true),
        centered("________________", SMALL, false),
        para(AlignmentType::Center).add_run(run(h.place_date_line(), BODY).italic()),
    ];
    let widths = [3685, TEXT_WIDTH - 3685];
    Table::new(vec![TableRow::new(vec![cell(left, widths[0]), cell(right, widths[1])])])
        .set_borders(TableBorders::with_empty())
        .set_grid(widths.to_vec())
        .layout(TableLayoutType::Fixed)
}

/// The indicator table of section I, the columns of the print view.
fn indicator_table(rows: &[IndicatorRow], decimals: u8) -> Table {
    let vi = Lang::Vi;
    let widths = [620, 3900, 1500, 1400, TEXT_WIDTH - 620 - 3900 - 1500 - 1400];
    let line = |cells: [String; 5], bold: bool| {
        TableRow::new(
            cells
                .into_iter()
                .zip(widths)
                .enumerate()
                .map(|(k, (text, w))| {
                    let align = if k == 1 || k == 4 { AlignmentType::Left } else { AlignmentType::Center };
                    let r = run(text, TABLE);
                    cell(vec![para(align).add_run(if bold { r.bold() } else { r })], w)
                })
                .collect(),
        )
    };
    let head = line(["TT", "Chỉ tiêu", "Kết quả", "Kế hoạch", "Tình trạng"].map(String::from), true);
    let body = rows.iter().map(|r| {
        let value = format!(
            "{}{}",
            format_value(r.value, r.unit, decimals, vi),
            if r.value.is_some() { unit_suffix(r.unit, vi) } else { "" }
        );
        let status = match &r.coverage {
            Some(c) => format!("{} ({})", r.status_words().vi, c.vi),
            None => r.status_words().vi,
        };
        line([r.indicator_id.clone(), r.name.get(vi).to_owned(), value, format_target(&r.target, vi), status], false)
    });
    Table::new(std::iter::once(head).chain(body).collect()).set_grid(widths.to_vec()).layout(TableLayoutType::Fixed)
}

/// Recipients left, signature block right.
fn footer(report: &Report) -> Table {
    let c = report.content();
    let mut left = vec![para(AlignmentType::Left).add_run(run("Nơi nhận:", 24).bold().italic())];
    left.extend(c.recipients.iter().map(|r| {
        let purpose = r.purpose.as_ref().map(|p| format!(" ({})", p.vi)).unwrap_or_default();
        para(AlignmentType::Left).add_run(run(format!("- {}{purpose};", r.name.vi), RECIPIENTS))
    }));
    let s = &c.signatory;
    let mut right: Vec<Paragraph> = [&s.on_behalf_of.vi, &s.authority.vi, &s.title.vi]
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| centered(t.clone(), BODY, true))
        .collect();
    // Room for the signature and the seal.
    right.extend((0..4).map(|_| centered("", BODY, false)));
    right.push(centered(s.name.clone(), BODY, true));
    let widths = [4400, TEXT_WIDTH - 4400];
    Table::new(vec![TableRow::new(vec![cell(left, widths[0]), cell(right, widths[1])])])
        .set_borders(TableBorders::with_empty())
        .set_grid(widths.to_vec())
        .layout(TableLayoutType::Fixed)
}

/// The report `report` with its indicator `rows`, as the bytes of a .docx file.
pub fn report_docx(plan: &Plan, report: &Report, rows: &[IndicatorRow]) -> Result<Vec<u8>, OfficeError> {
    let vi = Lang::Vi;
    let c = report.content();
    let fonts = RunFonts::new().ascii(FONT).hi_ansi(FONT).east_asia(FONT).cs(FONT);
    let mut doc = Docx::new()
        .default_fonts(fonts)
        .default_size(BODY)
        .page_size(11906, 16838)
        .page_margin(PageMargin::new().top(1134).bottom(1134).left(1701).right(850).header(567).footer(567))
        .add_table(header(report))
        .add_paragraph(centered("", BODY, false))
        .add_paragraph(centered("BÁO CÁO", BODY, true))
        .add_paragraph(centered(c.header.title.clone(), BODY, true))
        .add_paragraph(centered("", BODY, false))
        .add_paragraph(heading("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"))
        .add_table(indicator_table(rows, plan.params.reporting_decimals))
        .add_paragraph(heading("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ, GIẢI PHÁP"));
    for (n, s) in plan.task_sections.iter().filter(|s| s.parent.is_none()).enumerate() {
        doc = doc.add_paragraph(heading(format!("{}. {}", n + 1, s.title.get(vi))));
        let items = plan
            .tasks
            .iter()
            .filter(|t| plan.section_path(t).first().is_some_and(|x| x.id == s.id))
            .filter_map(|t| c.task(&t.id).map(|x| (t, x)));
        for (t, x) in items {
            let mut p = para(AlignmentType::Both)
                .indent(None, Some(docx_rs::SpecialIndentType::FirstLine(567)), None, None)
                .add_run(run(format!("- {} ", t.text.get(vi)), BODY))
                .add_run(run(format!("({})", x.status.label().vi), BODY).italic());
            if !x.narrative.trim().is_empty() {
                p = p.add_run(run(format!(" {}", x.narrative.trim()), BODY));
            }
            doc = doc.add_paragraph(p);
        }
    }
    doc = doc
        .add_paragraph(heading("III. KHÓ KHĂN, VƯỚNG MẮC"))
        .add_paragraph(body(c.difficulties.clone()))
        .add_paragraph(heading("IV. ĐỀ XUẤT, KIẾN NGHỊ"))
        .add_paragraph(body(c.proposals.clone()))
        .add_paragraph(body(c.adjustments.clone()))
        .add_paragraph(centered("", BODY, false))
        .add_table(footer(report));
    let mut out = std::io::Cursor::new(Vec::new());
    doc.pack(&mut out).map_err(|e| OfficeError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

/// A file name that says the unit and year and nothing about people.
pub fn report_file_name(report: &Report) -> String {
    format!("bao-cao-{}-{}.docx", report.org_unit_id, report.year)
}
