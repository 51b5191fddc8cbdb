#!/usr/bin/env python3
"""Writes tests/fixtures/equiv/: every corpus text in the encodings and formats that
chitieu reads, for the test that they all yield the same targets (tests/equivalence.rs).

    python3 scripts/make_fixtures.py

Variants per corpus document NAME: NAME.utf16.txt, NAME.cp1258.txt, NAME.tcvn3.txt,
NAME.vni.txt, NAME.nfd.txt, NAME.oldtone.txt, NAME.html (the text inside real-looking
page chrome), NAME.docx (one paragraph per line), NAME.pdf (a text-layer PDF: justified
paragraphs wrapped over A4 pages, with a running header and page numbers). TCVN3 has no
capital letters with tone marks: those are written in lowercase, as TCVN3 documents do.

The PDF needs fpdf2 (`pip install fpdf2`) and the DejaVu fonts (Debian's
fonts-dejavu-core); without them it is skipped with a message.
"""
import html, os, re, unicodedata, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "equiv")

TCVN3 = dict(zip(
    "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
    [0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE,
     0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB,
     0xCC, 0xCE, 0xCF, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE,
     0xDF, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE,
     0xEF, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE]))
TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
CIRC = {None: "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
BREVE = {None: "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
VNI_SINGLE = {"đ": "ñ", "Đ": "Ñ", "ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö", "ỉ": "æ", "Ỉ": "Æ",
              "ĩ": "ó", "Ĩ": "Ó", "ị": "ò", "Ị": "Ò", "ỵ": "î", "Ỵ": "Î", "í": "í", "Í": "Í",
              "ì": "ì", "Ì": "Ì"}


def tcvn3(text):
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        if c in TCVN3:
            out.append(TCVN3[c])
        elif c.lower() in TCVN3 and c.lower() not in "ăâêôơưđ":
            out.append(TCVN3[c.lower()])
        else:
            out += c.encode("cp1252", errors="replace")
    return bytes(out)


def vni(text):
    out = []
    for c in unicodedata.normalize("NFC", text):
        if c in VNI_SINGLE:
            out.append(VNI_SINGLE[c])
            continue
        d = unicodedata.normalize("NFD", c)
        base, marks = d[0], d[1:]
        if not marks or not base.isascii():
            out.append(c)
            continue
        tone = next((m for m in marks if m in TONES), None)
        shape = next((m for m in marks if m in "\u0302\u0306\u031b"), None)
        up = base.isupper()
        if shape == "\u031b":  # horn: ơ ư as single chars, then the tone
            s = VNI_SINGLE[unicodedata.normalize("NFC", base + shape)]
            seq = s + (TONES[tone] if tone else "")
        elif shape == "\u0302":
            seq = base + CIRC[tone]
        elif shape == "\u0306":
            seq = base + BREVE[tone]
        else:
            seq = base + TONES[tone]
        out.append(seq if not up else seq[0] + seq[1:].upper())
    return "".join(out).encode("cp1252", errors="replace")


def cp1258(text):
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        try:
            out += c.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", c)
        tone = "".join(m for m in d if m in TONES)
        rest = unicodedata.normalize("NFC", "".join(m for m in d if m not in TONES))
        out += (rest + tone).encode("cp1258", errors="replace")
    return bytes(out)


OLD = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé",
       "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ",
       "ụy": "uỵ"}


def oldtone(text):
    return re.sub(r"(?<!q)(òa|óa|ỏa|õa|ọa|òe|óe|ỏe|õe|ọe|ùy|úy|ủy|ũy|ụy)(?!\w)",
                  lambda m: OLD[m.group(1)], text)


def page(text):
    body = "\n".join(f"<p>{html.escape(l)}</p>" for l in text.splitlines() if l.strip())
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tin tức</title>
<script>window.stats = {{ bounce: "45%" }};</script><style>.x{{width:100%}}</style></head>
<body><header class="site-header"><div class="banner">Cổng thông tin điện tử</div></header>
<nav class="main-menu"><ul><li>Trang chủ</li><li>Giảm 30% phí dịch vụ</li></ul></nav>
<div class="font-size">Cỡ chữ: A+ A A-</div><div class="social-share">Chia sẻ 12 lượt</div>
<article class="content">
{body}
</article>
<aside class="related">Tin liên quan: tăng trưởng 8% năm 2024</aside>
<footer>Lượt xem: 1234 · Bản quyền 2024</footer></body></html>
"""


def docx(text, path):
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paras = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{html.escape(l, quote=False)}</w:t></w:r></w:p>'
        for l in text.splitlines())
    # Fixed timestamps, so that running the script again changes no byte.
    entry = lambda name: zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(entry("[Content_Types].xml"), '<?xml version="1.0"?><Types/>')
        z.writestr(entry("word/document.xml"),
                   f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{paras}</w:body></w:document>')


def pdf(text, path):
    try:
        from fpdf import FPDF
    except ImportError:
        print("fpdf2 not installed: PDF fixtures skipped")
        return
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

    class Doc(FPDF):
        def header(self):
            self.set_font("dv", size=8)
            self.cell(0, 5, "CÔNG BÁO TỈNH - Số 12", align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(3)

        def footer(self):
            self.set_y(-15)
            self.set_font("dv", size=8)
            self.cell(0, 10, str(self.page_no()), align="C")

    doc = Doc(format="A4")
    import datetime
    doc.set_creation_date(datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc))
    doc.add_font("dv", "", font)
    doc.set_auto_page_break(True, margin=20)
    doc.add_page()
    doc.set_font("dv", size=11)
    for line in text.splitlines():
        if line.strip():
            doc.multi_cell(0, 6, line.strip(), align="J", new_x="LMARGIN", new_y="NEXT")
            doc.ln(2)
    doc.output(path)


def scan(path):
    """A PDF page with no text layer, as a scanner makes: only a picture (here, boxes)."""
    try:
        from fpdf import FPDF
    except ImportError:
        return
    import datetime
    doc = FPDF(format="A4")
    doc.set_creation_date(datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc))
    doc.add_page()
    for i in range(20):
        doc.rect(20, 20 + i * 12, 170, 8, style="F")
    doc.output(path)


def main():
    os.makedirs(OUT, exist_ok=True)
    corpus = os.path.join(ROOT, "corpus")
    for f in sorted(os.listdir(corpus)):
        if not f.endswith(".txt"):
            continue
        name = f[:-4]
        text = open(os.path.join(corpus, f), encoding="utf-8").read()
        w = lambda suffix, data: open(os.path.join(OUT, name + suffix), "wb").write(data)
        w(".utf16.txt", text.encode("utf-16"))
        w(".cp1258.txt", cp1258(text))
        w(".tcvn3.txt", tcvn3(text))
        w(".vni.txt", vni(text))
        w(".nfd.txt", unicodedata.normalize("NFD", text).encode("utf-8"))
        w(".oldtone.txt", oldtone(text).encode("utf-8"))
        w(".html", page(text).encode("utf-8"))
        docx(text, os.path.join(OUT, name + ".docx"))
        pdf(text, os.path.join(OUT, name + ".pdf"))
    scan(os.path.join(ROOT, "tests", "fixtures", "scan.pdf"))
    print("fixtures in", OUT)


if __name__ == "__main__":
    main()
