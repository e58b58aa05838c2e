-- DOCX: what makes the draft a Word document a student keeps working in. Word numbers tables,
-- figures and pages itself, with fields, so that after an edit "Update field" still numbers them:
--
-- * each chapter heading "BAB I" holds its number as a field (SEQ Bab \* ROMAN), on its own line
--   when the style says so (naskah-style.chapter-title-on-new-line);
-- * each caption label "Tabel 4.1" becomes Word's own caption numbering: Tabel {SEQ Bab \c}.{SEQ Tabel
--   \s 1}, what Insert Caption writes with chapter numbers (the first of a chapter also says \r 1, which
--   LibreOffice needs: it ignores \s);
-- * the Daftar Isi is a TOC field and the Daftar Tabel/Gambar are table-of-figures fields over those
--   captions; the entries naskah computed are their cached result, read until Word updates them;
--   the Daftar Lampiran keeps its entries, each with a PAGEREF field for its page number;
-- * a marker paragraph starts each section (front matter, body, one per chapter); naskah.render.docx
--   turns the markers into Word sections with their page numbering and removes them.
local common = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "common.lua" }))

local stringify = pandoc.utils.stringify
local title_on_new_line = true
local LABEL_RUN = '<w:rPr><w:rStyle w:val="CaptionLabel"/></w:rPr>'

local function xml(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

local function run(text, rpr)
  return "<w:r>" .. (rpr or "") .. '<w:t xml:space="preserve">' .. xml(text) .. "</w:t></w:r>"
end

local function field(instruction, result, rpr)
  rpr = rpr or ""
  local out = "<w:r>" .. rpr .. '<w:fldChar w:fldCharType="begin"/></w:r>'
    .. "<w:r>" .. rpr .. '<w:instrText xml:space="preserve"> ' .. xml(instruction) .. " </w:instrText></w:r>"
    .. "<w:r>" .. rpr .. '<w:fldChar w:fldCharType="separate"/></w:r>'
  if result ~= "" then out = out .. run(result, rpr) end
  return out .. "<w:r>" .. rpr .. '<w:fldChar w:fldCharType="end"/></w:r>'
end

-- the section marker naskah.render.docx looks for (kind: front or body)
local function marker(kind)
  return pandoc.RawBlock("openxml",
    '<w:p><w:pPr><w:pStyle w:val="NaskahSection"/></w:pPr><w:r><w:t>' .. kind .. "</w:t></w:r></w:p>")
end

-- numbers as the heading patterns write them, with the Word field format that writes them the same way
local function roman(n)
  local out = ""
  for _, pair in ipairs({ { 1000, "M" }, { 900, "CM" }, { 500, "D" }, { 400, "CD" }, { 100, "C" }, { 90, "XC" },
    { 50, "L" }, { 40, "XL" }, { 10, "X" }, { 9, "IX" }, { 5, "V" }, { 4, "IV" }, { 1, "I" } }) do
    while n >= pair[1] do out, n = out .. pair[2], n - pair[1] end
  end
  return out
end

local function letters(n)
  local out = ""
  while n > 0 do
    local rest = (n - 1) % 26
    out, n = string.char(65 + rest) .. out, (n - 1 - rest) // 26
  end
  return out
end

local function number_format(word, n)
  if word == roman(n) then return "ROMAN" end
  if word == roman(n):lower() then return "roman" end
  if word == tostring(n) then return "ARABIC" end
  if word == letters(n) then return "ALPHABETIC" end
  if word == letters(n):lower() then return "alphabetic" end
  return nil
end

-- Chapter headings ----------------------------------------------------------------------------------

local chapter = 0
local chapter_fields = true  -- every chapter's number is a SEQ Bab field (else captions keep literal numbers)

local function is_chapter(h)
  if h.level ~= 1 then return false end
  if h.classes:includes("chapter") then return true end
  -- older Markdown: a numbered level-1 heading ("BAB I …") without the .chapter class
  return not h.classes:includes("unnumbered") and not h.classes:includes("front")
end

-- "BAB I PENDAHULUAN" {label="BAB I"}: the label's words and the title's inlines
local function split_label(h)
  if h.attributes["label"] then
    local label, title = common.split_label(h)
    local words = {}
    for w in stringify(label):gmatch("%S+") do table.insert(words, w) end
    return words, title
  end
  -- older Markdown without the label: the first two words ("BAB I")
  local first, second = stringify(h.content):match("^(%S+)%s+(%S+)")
  if not first then return nil end
  local rest, taken, i = pandoc.Inlines({}), 0, 1
  while i <= #h.content and taken < 2 do
    if h.content[i].t == "Str" then taken = taken + 1 end
    i = i + 1
  end
  while i <= #h.content and (h.content[i].t == "Space" or h.content[i].t == "SoftBreak") do i = i + 1 end
  for j = i, #h.content do rest:insert(h.content[j]) end
  return { first, second }, rest
end

local function chapter_heading(h)
  chapter = chapter + 1
  local words, title = split_label(h)
  if not words then
    chapter_fields = false
    return h
  end
  local format = number_format(words[#words], chapter)
  if not format then chapter_fields = false end
  local label = ""
  for i, w in ipairs(words) do
    if i > 1 then label = label .. run(" ") end
    if i == #words and format then
      label = label .. field("SEQ Bab \\* " .. format, w)
    else
      label = label .. run(w)
    end
  end
  local content = pandoc.Inlines({ pandoc.RawInline("openxml", label) })
  if #title > 0 then
    content:insert(title_on_new_line and pandoc.LineBreak() or pandoc.Space())
    content:extend(title)
  end
  h.content = content
  return h
end

-- Captions ------------------------------------------------------------------------------------------

-- "Tabel 4.1" as Word's caption fields: the label word, the chapter, the number within the chapter
local function caption_fields(text)
  local word, number = text:match("^(.-)%s+([%d%.]+)$")
  if not word or word == "" then return nil end
  local chap, item = number:match("^(%d+)%.(%d+)$")
  local seq = "SEQ " .. word:gsub("%s", "_") .. " \\* ARABIC"
  if not chap then
    if not number:match("^%d+$") then return nil end
    return run(word .. " ", LABEL_RUN) .. field(seq, number, LABEL_RUN)
  end
  local chapter_part = chapter_fields and field("SEQ Bab \\c \\* ARABIC", chap, LABEL_RUN) or run(chap, LABEL_RUN)
  if chapter_fields then seq = seq .. " \\s 1" end
  if item == "1" then seq = seq .. " \\r 1" end
  return run(word .. " ", LABEL_RUN) .. chapter_part .. run(".", LABEL_RUN) .. field(seq, item, LABEL_RUN)
end

local default_words = { table = "Tabel", figure = "Gambar" }  -- by the thesis language (Meta)

local function relabel(blocks)
  if not blocks or #blocks == 0 then return end
  local first = blocks[1]
  if not first.content then return end
  for i, el in ipairs(first.content) do
    if el.t == "Span" and el.classes:includes("caption-label") then
      local text = stringify(el.content)
      local raw = caption_fields(text)
      if raw then first.content[i] = pandoc.RawInline("openxml", raw) end
      return
    end
  end
end

local function Table(tbl)
  relabel(tbl.caption.long)
  return tbl
end

local function Figure(fig)
  relabel(fig.caption.long)
  return fig
end

-- Lists of contents ---------------------------------------------------------------------------------

local function entries(list, level, out)
  for _, item in ipairs(list.content) do
    for _, block in ipairs(item) do
      if block.t == "Plain" or block.t == "Para" then
        local link = nil
        for _, el in ipairs(block.content) do
          if el.t == "Link" then link = el end
        end
        if link then
          table.insert(out, { level = level, text = stringify(link.content), target = link.target:gsub("^#", "") })
        else
          table.insert(out, { level = level, text = stringify(block.content) })
        end
      elseif block.t == "BulletList" or block.t == "OrderedList" then
        entries(block, level + 1, out)
      end
    end
  end
  return out
end

local function entry_xml(e, style, prefix, suffix)
  local body = run(e.text) .. "<w:r><w:tab/></w:r>"
  if e.target then
    body = body .. field("PAGEREF " .. e.target .. " \\h", "")
    body = '<w:hyperlink w:anchor="' .. xml(e.target) .. '" w:history="1">' .. body .. "</w:hyperlink>"
  end
  return '<w:p><w:pPr><w:pStyle w:val="' .. style .. '"/></w:pPr>' .. (prefix or "") .. body .. (suffix or "") .. "</w:p>"
end

-- a complex field whose result is the given entries (its begin in the first paragraph, its end in the last)
local function list_field(instruction, items, style_of)
  local begin = '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
    .. '<w:r><w:instrText xml:space="preserve"> ' .. xml(instruction) .. " </w:instrText></w:r>"
    .. '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
  local finish = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
  if #items == 0 then
    return pandoc.RawBlock("openxml", '<w:p><w:pPr><w:pStyle w:val="' .. style_of(1) .. '"/></w:pPr>'
      .. begin .. finish .. "</w:p>")
  end
  local out = {}
  for i, e in ipairs(items) do
    table.insert(out, entry_xml(e, style_of(e.level), i == 1 and begin or nil, i == #items and finish or nil))
  end
  return pandoc.RawBlock("openxml", table.concat(out, "\n"))
end

local function toc_style(level) return "TOC" .. math.min(level, 9) end
local function figures_style() return "TableofFigures" end

local function naskah_list(div)
  local kind = div.attributes["kind"]
  local heading, list = nil, nil
  for _, block in ipairs(div.content) do
    if block.t == "Header" and not heading then heading = block end
    if block.t == "BulletList" or block.t == "OrderedList" then list = block end
  end
  local items = list and entries(list, 1, {}) or {}
  local out = {}
  if kind == "toc" and heading then
    -- Daftar Isi's own title is not a heading: Word's contents would list it
    local anchor = pandoc.Span({}, pandoc.Attr(heading.identifier))
    local title = pandoc.Inlines({ anchor })
    title:extend(heading.content)
    table.insert(out, pandoc.Div({ pandoc.Para(title) }, pandoc.Attr("", {}, { { "custom-style", "TOC Heading" } })))
  elseif heading then
    table.insert(out, heading)
  end
  if kind == "toc" then
    local depth = 1
    for _, e in ipairs(items) do depth = math.max(depth, e.level) end
    table.insert(out, list_field('TOC \\o "1-' .. math.min(depth, 9) .. '" \\h \\z \\u', items, toc_style))
  elseif kind == "tables" or kind == "figures" then
    -- the caption word of the entries ("Tabel 4.1 …"), or of the thesis language when there are none
    local word = items[1] and items[1].text:match("^(%S+)") or default_words[kind == "tables" and "table" or "figure"]
    table.insert(out, list_field('TOC \\h \\z \\c "' .. word .. '"', items, figures_style))
  else
    for _, e in ipairs(items) do table.insert(out, pandoc.RawBlock("openxml", entry_xml(e, toc_style(e.level)))) end
  end
  return out
end

-- Sections, front-matter parts and the filter ------------------------------------------------------

local function styled(div, name)
  div.attributes["custom-style"] = name
  return div
end

-- the signatures of the halaman pengesahan side by side, two to a row, in a table without rules
-- (naskah.render.docx recognises it by its Signature Block paragraphs)
local function signatures(div)
  local cells = {}
  for _, block in ipairs(div.content) do
    if block.t == "Div" then table.insert(cells, pandoc.Cell({ styled(block, "Signature Block") })) end
  end
  if #cells < 2 then return nil end
  local rows = {}
  for i = 1, #cells, 2 do
    table.insert(rows, pandoc.Row({ cells[i], cells[i + 1] or pandoc.Cell({}) }))
  end
  local colspecs = { { pandoc.AlignCenter, 0.5 }, { pandoc.AlignCenter, 0.5 } }
  local body = { attr = pandoc.Attr(), body = rows, head = {}, row_head_columns = 0 }
  return pandoc.Table({ long = {}, short = {} }, colspecs, pandoc.TableHead({}), { body }, pandoc.TableFoot({}))
end

-- the halaman pengesahan is centred, single-spaced, like the title page
local function approval(div)
  local content = pandoc.Blocks({})
  for _, block in ipairs(div.content) do
    if block.t == "Para" then
      content:insert(pandoc.Div({ block }, pandoc.Attr("", {}, { { "custom-style", "Title Page" } })))
    else
      content:insert(block)
    end
  end
  div.content = content
  return div
end

-- The filter works on the elements it changes only: a function over the whole document would have
-- pandoc hand every paragraph to Lua and back (a tenth of the render). Blocks are visited in reading
-- order, each after the blocks inside it, so `kind` is the kind of section the reading is in.
local kind, main_seen = "title", false

local function Meta(meta)
  local style = common.style_of(meta)
  if style["chapter-title-on-new-line"] ~= nil then title_on_new_line = style["chapter-title-on-new-line"] end
  local lang = pandoc.utils.stringify(meta.lang or "id"):sub(1, 2)
  default_words = lang == "en" and { table = "Table", figure = "Figure" } or default_words
  return nil
end

local function Header(h)
  -- a front-matter part's title: the part's div starts its section
  if h.level ~= 1 or h.classes:includes("front") then return nil end
  kind = (main_seen or kind == "body" or is_chapter(h)) and "body" or "front"
  if is_chapter(h) then h = chapter_heading(h) end
  return { marker(kind), h }
end

local function Div(div)
  local classes = div.classes
  if classes:includes("main-matter") then
    main_seen, kind = true, "body"
    return marker("body")  -- the first chapter's marker follows: naskah.render.docx keeps one of the two
  elseif classes:includes("naskah-list") then
    kind = "front"
    local out = { marker("front") }
    for _, block in ipairs(naskah_list(div)) do table.insert(out, block) end
    return out
  elseif classes:includes("front-part") then
    kind = "front"
    return { marker("front"), div.attributes["part"] == "approval" and approval(div) or div }
  elseif classes:includes("signatures") then
    return signatures(div)
  elseif classes:includes("signature") then
    return styled(div, "Signature")
  elseif classes:includes("caption-source") then
    return styled(div, "Caption Source")
  elseif classes:includes("build-stamp") then
    return styled(div, "Build Stamp")
  end
  return nil
end

if not common.is_docx() then return {} end
return { { Meta = Meta }, { Div = Div, Header = Header, Table = Table, Figure = Figure } }
