//! The text layer of a PDF, as lines a person would read: page headers, footers and
//! numbers dropped, lines that a paragraph was wrapped into joined again, words that
//! were hyphenated at a line end mended.

use std::cell::Cell;
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into an error. The PDF parser panics on some damaged
/// files; its panic message would only confuse, so it is not printed.
fn catch_silently<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    r.map_err(|p| {
        p.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the parser gave up".into())
    })
}

pub fn pdf_text(bytes: &[u8]) -> Result<String, String> {
    let other_tool = "extract its text with another tool, e.g. `pdftotext -layout`";
    let pages = catch_silently(|| -> Result<Vec<Vec<Line>>, String> {
        let doc = pdf_extract::Document::load_mem(bytes).map_err(|e| e.to_string())?;
        if doc.is_encrypted() {
            return Err("the PDF is encrypted".into());
        }
        let mut lines = Lines::default();
        pdf_extract::output_doc(&doc, &mut lines).map_err(|e| e.to_string())?;
        Ok(lines.pages)
    })
    .map_err(|e| format!("a damaged or unusual PDF that cannot be read ({e}): {other_tool}"))?
    .map_err(|e| format!("a PDF that cannot be read ({e}): {other_tool}"))?;
    let text = reflow(&pages);
    if text.chars().filter(|c| c.is_alphanumeric()).count() < 20 {
        return Err(
            "a PDF with no text layer (a scan?): OCR it first, e.g. with `ocrmypdf`".into(),
        );
    }
    Ok(text)
}

/// One line of a page as laid out: its text, baseline height and font size.
#[derive(Debug, Clone, Default)]
struct Line {
    text: String,
    y: f64,
    size: f64,
}

/// Collects the text of each page as lines, with where they sit: the vertical gaps tell
/// a wrapped line from a new paragraph.
#[derive(Default)]
struct Lines {
    pages: Vec<Vec<Line>>,
    cur: Line,
    last_end: f64,
    starts_word: bool,
}

impl Lines {
    fn end_current(&mut self) {
        let line = std::mem::take(&mut self.cur);
        if !line.text.trim().is_empty() {
            if let Some(p) = self.pages.last_mut() {
                p.push(line);
            }
        }
    }
}

impl pdf_extract::OutputDev for Lines {
    fn begin_page(
        &mut self,
        _: u32,
        _: &pdf_extract::MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.pages.push(Vec::new());
        self.cur = Line::default();
        self.last_end = f64::MAX;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.end_current();
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        let size = font_size * (trm.m11 * trm.m22).abs().sqrt();
        let (x, y) = (trm.m31, trm.m32);
        if self.cur.text.is_empty() {
            (self.cur.y, self.cur.size) = (y, size);
        } else if self.starts_word || (y - self.cur.y).abs() > size * 0.5 {
            if (y - self.cur.y).abs() > size * 0.5 {
                self.end_current();
                (self.cur.y, self.cur.size) = (y, size);
            } else if x > self.last_end + size * 0.2 {
                self.cur.text.push(' ');
            }
        }
        self.cur.text.push_str(ch);
        self.starts_word = false;
        self.last_end = x + width * size;
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.starts_word = true;
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

/// A line with its digits blanked: page headers and footers differ only by them.
fn shape(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn page_number(line: &str) -> bool {
    let t = line.trim().to_lowercase();
    let t = t.strip_prefix("trang").unwrap_or(&t).trim();
    !t.is_empty()
        && t.len() <= 9
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '/' || c == ' ' || c == '-')
        && t.chars().any(|c| c.is_ascii_digit())
}

fn reflow(pages: &[Vec<Line>]) -> String {
    // A first or last line that recurs (digits aside) on most pages is furniture.
    let mut edges: std::collections::HashMap<String, usize> = Default::default();
    for p in pages {
        for l in [p.first(), p.last()].into_iter().flatten() {
            *edges.entry(shape(&l.text)).or_default() += 1;
        }
    }
    let recurring =
        |l: &str| pages.len() >= 3 && edges.get(&shape(l)).copied().unwrap_or(0) * 2 > pages.len();
    let mut out = String::new();
    for p in pages {
        let body: Vec<&Line> = p
            .iter()
            .enumerate()
            .filter(|(i, l)| {
                let edge = *i < 2 || i + 2 >= p.len();
                !(edge && (page_number(&l.text) || recurring(&l.text)))
            })
            .map(|(_, l)| l)
            .collect();
        // The distance between the lines of a paragraph on this page: the smallest gap
        // that is a whole line (not a superscript's shift).
        let usual = body
            .windows(2)
            .map(|w| (w[0].y - w[1].y).abs())
            .filter(|g| *g >= 0.8 * body[0].size)
            .fold(f64::MAX, f64::min);
        for (i, l) in body.iter().enumerate() {
            let text = l.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let joins = i > 0 && {
                let prev = body[i - 1];
                let gap = (prev.y - l.y).abs();
                gap <= usual * 1.2 && continues(&prev.text, &text)
            };
            if joins {
                let hyphen = out.ends_with('-')
                    && out[..out.len() - 1].ends_with(char::is_alphabetic)
                    && text.starts_with(char::is_lowercase);
                if hyphen {
                    out.pop();
                } else {
                    out.push(' ');
                }
            } else if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&text);
        }
    }
    out.push('\n');
    out
}

/// Whether `next`, set at the usual line distance below `line`, goes on its paragraph:
/// `line` does not end a sentence or a lead-in, and `next` starts no item or heading.
fn continues(line: &str, next: &str) -> bool {
    let ends = line.trim_end().ends_with(['.', '!', '?', ':', ';']);
    !ends && !starts_item(next)
}

fn starts_item(l: &str) -> bool {
    let t = l.trim_start();
    if t.starts_with(['-', '–', '—', '•', '+', '*']) {
        return true;
    }
    // "1. ", "2.1. ", "IV. ", "a) ": a short number or letter, a dot or bracket, a space
    // ("1.168 dịch vụ" and a wrapped "2021." are no markers).
    let head: String = t
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect();
    let rest = &t[head.len()..];
    let label = head.trim_end_matches('.');
    let short = label.split('.').all(|p| {
        (1..=2).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit())
            || (1..=4).contains(&p.len()) && p.chars().all(|c| "IVXLivxl".contains(c))
            || p.chars().count() == 1
    });
    let closed = (head.ends_with('.') && rest.starts_with(' '))
        || (rest.starts_with(')') && rest[1..].starts_with(' '));
    let numbered = !label.is_empty() && short && closed;
    // A heading in capitals ("NGHỊ QUYẾT", "II. MỤC TIÊU").
    let capitals = t.chars().filter(|c| c.is_alphabetic()).count() >= 4
        && t.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| !c.is_lowercase());
    numbered || capitals
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_joined_and_furniture_dropped() {
        // (text, y): lines 14 apart wrap a paragraph, 20 apart start a new one.
        let page = |n: usize, body: &[(&str, f64)]| {
            let mut v = vec![Line {
                text: format!("Công báo số {n}"),
                y: 800.0,
                size: 10.0,
            }];
            v.extend(body.iter().map(|(t, y)| Line {
                text: t.to_string(),
                y: *y,
                size: 10.0,
            }));
            v.push(Line {
                text: n.to_string(),
                y: 40.0,
                size: 10.0,
            });
            v
        };
        let pages = vec![
            page(
                1,
                &[
                    ("Lào Cai: phấn đấu nằm trong tốp 20 tỉnh dẫn đầu", 700.0),
                    ("Lượt xem: 3950", 680.0),
                    (
                        "Đến năm 2025, tỷ lệ hộ gia đình có đường truyền Internet",
                        660.0,
                    ),
                    ("cáp quang đạt 80%.", 646.0),
                    ("1. Mục tiêu", 626.0),
                ],
            ),
            page(
                2,
                &[
                    (
                        "Tỷ lệ dịch vụ công trực tuyến toàn trình được cung cấp trên",
                        700.0,
                    ),
                    ("Cổng dịch vụ công quốc gia đạt 80%.", 686.0),
                ],
            ),
            page(
                3,
                &[
                    (
                        "- Chuyển đổi số là nhiệm vụ trọng tâm của các cấp, các ngành và địa phư-",
                        700.0,
                    ),
                    ("ơng trong giai đoạn tới.", 686.0),
                ],
            ),
        ];
        let t = reflow(&pages);
        assert!(t.contains("dẫn đầu\nLượt xem"), "{t}");
        assert!(t.contains("Internet cáp quang đạt 80%."), "{t}");
        assert!(t.contains("\n1. Mục tiêu\n"), "{t}");
        assert!(t.contains("trên Cổng dịch vụ"), "{t}");
        assert!(t.contains("địa phương"), "{t}");
        assert!(!t.contains("Công báo"), "{t}");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(
            pdf_text(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nendobj\ntrailer garbage").is_err()
        );
    }
}
