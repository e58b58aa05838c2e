-- typst (PDF) tables: every table becomes a call to the template's naskah-table.
--
-- Why not pandoc's own typst table: its column widths are fixed before typst knows how wide the
-- text is, so a long word ("pertanggungjawaban", a title in a Penelitian Terdahulu row) ran out
-- of its cell, and a table that broke across pages lost its caption. Here the filter says what is
-- in the table and which words, syllables and lines are the longest of each column; the template
-- measures them in the real font and sizes the columns so that no word is wider than its column.
-- When even the longest words do not fit side by side, the columns of long text take the cells'
-- hyphenated twins: soft hyphens between the syllables by the Indonesian rules (PUEBI), since typst
-- has no Indonesian hyphenation patterns. The caption goes into the repeated header row, with
-- "(lanjutan)" from the table's second page on.
local here = pandoc.path.directory(PANDOC_SCRIPT_FILE)
local common = dofile(pandoc.path.join({ here, "common.lua" }))
local typst = dofile(pandoc.path.join({ here, "typst-markup.lua" }))

local ALIGN = { AlignLeft = "left", AlignRight = "right", AlignCenter = "center" }
local KEEP = 3           -- candidates per column for its longest word / syllable / line
local LONG = 10          -- words per column whose syllables are measured
local SHY = utf8.char(0xAD)
local tables_seen = 0

-- Syllables ---------------------------------------------------------------------------------------

local VOWEL = {}
for c in ("aeiouAEIOU"):gmatch(".") do VOWEL[c] = true end
for _, c in ipairs({ "é", "è", "É", "È" }) do VOWEL[c] = true end
local DIGRAPH = { ng = true, ny = true, kh = true, sy = true }  -- one consonant each
local DIPHTHONG = { ai = true, au = true, ei = true, oi = true }  -- one vowel each

-- "pertanggungjawaban" -> { "per", "tang", "gung", "ja", "wa", "ban" }: breaks before a single
-- consonant between vowels (V-CV), between two consonants (VC-CV), after the first of three or more
-- (VC-CCV) and between two vowels that are not a diphthong; never fewer than two letters on a side
local function syllables(word)
  local chars = {}
  for _, code in utf8.codes(word) do table.insert(chars, utf8.char(code)) end
  local units, starts, i = {}, {}, 1
  while i <= #chars do
    table.insert(starts, i)
    if chars[i + 1] and DIGRAPH[(chars[i] .. chars[i + 1]):lower()] then
      table.insert(units, chars[i] .. chars[i + 1])
      i = i + 2
    else
      table.insert(units, chars[i])
      i = i + 1
    end
  end
  local vowels = {}
  for k, unit in ipairs(units) do
    if VOWEL[unit] then table.insert(vowels, k) end
  end
  local cuts = {}
  for j = 1, #vowels - 1 do
    local a, b = vowels[j], vowels[j + 1]
    local cut
    if b - a == 1 then
      if not DIPHTHONG[(units[a] .. units[b]):lower()] then cut = b end
    elseif b - a == 2 then
      cut = a + 1
    else
      cut = a + 2
    end
    local at = cut and starts[cut]  -- the character the new syllable starts with
    if at and at > 2 and at <= #chars - 1 then table.insert(cuts, at) end
  end
  local out, from = {}, 1
  for _, at in ipairs(cuts) do
    table.insert(out, table.concat(chars, "", from, at - 1))
    from = at
  end
  table.insert(out, table.concat(chars, "", from, #chars))
  return out
end

local function is_letter(code)
  return (code >= 65 and code <= 90) or (code >= 97 and code <= 122) or (code >= 0xC0 and code <= 0x24F)
end

-- soft hyphens between the syllables of every word of five letters or more
local function hyphenate_text(text)
  local out, run = {}, {}
  local function flush()
    local word = table.concat(run)
    if #run >= 5 then word = table.concat(syllables(word), SHY) end
    table.insert(out, word)
    run = {}
  end
  for _, code in utf8.codes(text) do
    if is_letter(code) then
      table.insert(run, utf8.char(code))
    else
      flush()
      table.insert(out, utf8.char(code))
    end
  end
  flush()
  return table.concat(out)
end

local HYPHENATE = {
  Str = function(s)
    if not s.text:find("%a%a%a%a") then return nil end  -- no word of five letters: nothing to do
    return pandoc.Str(hyphenate_text(s.text))
  end,
}

-- Typst text --------------------------------------------------------------------------------------

local markup_all, str = typst.markup_all, typst.str

local function array(items)
  if #items == 0 then return "()" end
  return "(" .. table.concat(items, ", ") .. ",)"
end

-- Measures ------------------------------------------------------------------------------------------

-- a column's candidates for its longest strings: every distinct one is noted (a set), and only the
-- KEEP (or `keep`) longest by characters are kept, when the column is done (longest: see `longest`)
local function remember(list, s)
  if s ~= "" then list[s] = true end
end

local function by_length(a, b)
  local la, lb = utf8.len(a) or #a, utf8.len(b) or #b
  if la ~= lb then return la > lb end
  return a < b
end

-- the *keep* longest of a set of strings, longest first (ties in byte order)
local function longest(set, keep)
  local list = {}
  for s in pairs(set) do table.insert(list, s) end
  table.sort(list, by_length)
  for i = #list, keep + 1, -1 do list[i] = nil end
  return list
end

-- the pieces a line may not break inside: words, split after hyphens and dashes
local BREAK_AFTER = { [0x2D] = true, [0x2013] = true, [0x2014] = true }

local function pieces(text)
  local out = {}
  for word in text:gmatch("%S+") do
    local start = 1
    for pos, code in utf8.codes(word) do
      if BREAK_AFTER[code] then
        local stop = pos + #utf8.char(code) - 1
        table.insert(out, word:sub(start, stop))
        start = stop + 1
      end
    end
    if start <= #word then table.insert(out, word:sub(start)) end
  end
  return out
end

local function new_measures(n)
  local m = {}
  for i = 1, n do m[i] = { words = {}, lines = {}, syllables = {} } end
  return m
end

local function measure_text(m, text)
  remember(m.lines, text)
  for _, piece in ipairs(pieces(text)) do remember(m.words, piece) end
end

-- a column's measures as lists, once all its cells are noted: its longest words, lines and the widest
-- pieces hyphenated words leave on a line ("pertang-" is wider than "pertang"), from its LONG longest words
local function finish_measures(m)
  for _, word in ipairs(longest(m.words, LONG)) do
    for _, part in ipairs(pieces((hyphenate_text(word):gsub(SHY, "- ")))) do remember(m.syllables, part) end
  end
  m.words, m.lines, m.syllables = longest(m.words, KEEP), longest(m.lines, KEEP), longest(m.syllables, KEEP)
end

local function measure_arrays(measures, key)
  local out = {}
  for _, m in ipairs(measures) do
    local items = {}
    for _, s in ipairs(m[key]) do table.insert(items, str(s)) end
    table.insert(out, array(items))
  end
  return array(out)
end

-- Could the longest words of the columns be wider than the text, side by side? Reckoned generously
-- (0.8 em a letter at 11 pt, against 300 pt, less than any page's text width): when they surely fit, the
-- table needs no hyphenated twins and the filter spares itself making them.
local function may_be_tight(head_measures, body_measures)
  local total = 0
  for i = 1, #body_measures do
    local longest = 0
    for _, m in ipairs({ head_measures[i], body_measures[i] }) do
      for _, word in ipairs(m.words) do longest = math.max(longest, utf8.len(word) or #word) end
    end
    total = total + longest * 0.8 * 11 + 12
  end
  return total > 300
end

-- Cells --------------------------------------------------------------------------------------------

-- rows -> cells ({contents, args, col}); columns tracked through row spans, measures from one-column cells
local function convert_rows(rows, ncols, measures, default_align)
  local cells, occupied = {}, {}
  for r, row in ipairs(rows) do
    local col = 1
    for _, cell in ipairs(row.cells) do
      while (occupied[col] or 0) > 0 do col = col + 1 end
      local args = {}
      if cell.col_span > 1 then table.insert(args, "colspan: " .. cell.col_span) end
      if cell.row_span > 1 then table.insert(args, "rowspan: " .. cell.row_span) end
      if ALIGN[cell.alignment] and cell.alignment ~= default_align[col] then
        table.insert(args, "align: " .. ALIGN[cell.alignment])
      end
      table.insert(cells, { contents = cell.contents, args = args, col = col, row = r })
      if cell.col_span == 1 and measures[col] then
        measure_text(measures[col], pandoc.utils.stringify(cell.contents))
      end
      for c = col, math.min(col + cell.col_span - 1, ncols) do occupied[c] = cell.row_span end
      col = col + cell.col_span
    end
    for c = 1, ncols do occupied[c] = math.max((occupied[c] or 0) - 1, 0) end
  end
  return cells
end

-- rows of cells as typst: rows of (column, cell, hyphenated twin or none) triples, ((0, [markup], none), …)
local function typst_rows(cells, texts, nrows)
  local rows = {}
  for r = 1, nrows do rows[r] = {} end
  for i, cell in ipairs(cells) do
    local plain, hyphenated = texts[2 * i - 1], texts[2 * i]
    local prefix = #cell.args > 0 and "table.cell(" .. table.concat(cell.args, ", ") .. ")" or ""
    local twin = hyphenated ~= "" and hyphenated ~= plain and prefix .. "[" .. hyphenated .. "]" or "none"
    table.insert(rows[cell.row], "(" .. (cell.col - 1) .. ", " .. prefix .. "[" .. plain .. "], " .. twin .. ")")
  end
  local out = {}
  for r = 1, nrows do table.insert(out, "\n    " .. array(rows[r])) end
  return out
end

local function Table(tbl)
  local ncols = #tbl.colspecs
  local aligns, default_align = {}, {}
  for i, spec in ipairs(tbl.colspecs) do
    default_align[i] = spec[1]
    aligns[i] = ALIGN[spec[1]] or "left"
  end
  local head_measures, body_measures = new_measures(ncols), new_measures(ncols)
  local head = convert_rows(tbl.head.rows, ncols, head_measures, {})
  local body_rows = {}
  for _, b in ipairs(tbl.bodies) do
    for _, row in ipairs(b.head) do table.insert(body_rows, row) end
    for _, row in ipairs(b.body) do table.insert(body_rows, row) end
  end
  for _, row in ipairs(tbl.foot.rows) do table.insert(body_rows, row) end
  local body = convert_rows(body_rows, ncols, body_measures, default_align)
  for i = 1, ncols do
    finish_measures(head_measures[i])
    finish_measures(body_measures[i])
  end

  -- one pandoc.write: each cell and its hyphenated twin (when the table may need one), then the caption
  local cells = {}
  for _, list in ipairs({ head, body }) do
    for _, cell in ipairs(list) do table.insert(cells, cell) end
  end
  local twins = {}
  if may_be_tight(head_measures, body_measures) then
    local all = pandoc.Blocks({})  -- one walk over all the cells: a walk per cell cost more than the rest
    for _, cell in ipairs(cells) do all:insert(pandoc.Div(cell.contents)) end
    for i, div in ipairs(all:walk(HYPHENATE)) do twins[i] = div.content end
  end
  local parts = {}
  for i, cell in ipairs(cells) do
    table.insert(parts, cell.contents)
    table.insert(parts, twins[i] or {})
  end
  table.insert(parts, tbl.caption.long)
  local texts = markup_all(parts)
  local caption = #tbl.caption.long > 0 and "[" .. texts[#texts] .. "]" or "none"
  local head_texts, body_texts = {}, {}
  for i = 1, 2 * #head do head_texts[i] = texts[i] end
  for i = 1, 2 * #body do body_texts[i] = texts[2 * #head + i] end
  local source = tbl.attributes["naskah-source"]  -- "Sumber: …" (typst.lua took it from the next block)

  -- the label: the table's own id (links and the Daftar Tabel point to it), else one of ours
  tables_seen = tables_seen + 1
  local id = tbl.identifier
  if id == "" or not id:match("^[%w_%-:%.]+$") then id = "naskah-table-" .. tables_seen end
  local call = table.concat({
    "#naskah-table(first: <" .. id .. ">, caption: " .. caption .. ", columns: " .. ncols .. ",",
    "  source: " .. (source and "[" .. source .. "]" or "none") .. ",",
    "  align: " .. array(aligns) .. ",",
    "  head: " .. array(typst_rows(head, head_texts, #tbl.head.rows)) .. ",",
    "  body: " .. array(typst_rows(body, body_texts, #body_rows)) .. ",",
    "  words: " .. measure_arrays(body_measures, "words") .. ",",
    "  syllables: " .. measure_arrays(body_measures, "syllables") .. ",",
    "  lines: " .. measure_arrays(body_measures, "lines") .. ",",
    "  head-words: " .. measure_arrays(head_measures, "words") .. ",",
    "  head-syllables: " .. measure_arrays(head_measures, "syllables") .. ",",
    "  head-lines: " .. measure_arrays(head_measures, "lines") .. ")",
    "<" .. id .. ">",
  }, "\n")
  return pandoc.RawBlock("typst", call)
end

if not common.is_typst() then return {} end
return { { Table = Table } }
