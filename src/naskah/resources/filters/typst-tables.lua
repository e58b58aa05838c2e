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
--
-- Cost: a thesis has a few hundred cells, and every crossing between Lua and pandoc costs (reading one
-- property of a cell is a call into pandoc). So a table comes into Lua once, as pandoc's JSON decoded into
-- plain Lua tables; all cells go back in one pandoc.write, and the twins are made from the markup it wrote.
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

-- soft hyphens between the syllables of every word of five letters or more, character by character
local function hyphenate_chars(text)
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

-- the same, faster: runs of ASCII letters are words as they stand; a run with other bytes in it (é, or
-- a dash joined to a word) goes character by character
local function hyphenate_text(text)
  return (text:gsub("[%a\128-\255]+", function(run)
    if run:find("[\128-\255]") then return hyphenate_chars(run) end
    if #run >= 5 then return table.concat(syllables(run), SHY) end
    return nil
  end))
end

-- a cell's typst markup with every word of five letters or more hyphenated: the words of its text, not
-- of its code — function names and arguments (#link("…")), labels (<…>), math ($…$), raw text (`…`) and
-- escapes stay as they are. Done on the markup pandoc wrote for the cell, so a twin costs no second write.
local function skip_balanced(text, i, open, close)  -- from an opening bracket at i to past its closer
  local depth, n = 0, #text
  while i <= n do
    local c = text:sub(i, i)
    if c == "\\" then
      i = i + 1
    elseif c == '"' then  -- a string argument: to its closing quote
      i = i + 1
      while i <= n and text:sub(i, i) ~= '"' do
        if text:sub(i, i) == "\\" then i = i + 1 end
        i = i + 1
      end
    elseif c == open then
      depth = depth + 1
    elseif c == close then
      depth = depth - 1
      if depth == 0 then return i + 1 end
    end
    i = i + 1
  end
  return i
end

local function hyphenate_markup(text)
  local out, i, n = {}, 1, #text
  local function copy_to(j)  -- text[i, j) as it is
    table.insert(out, text:sub(i, j - 1))
    i = j
  end
  while i <= n do
    local c = text:sub(i, i)
    if c == "\\" then
      copy_to(i + 1 + #(text:match("^[%z\1-\127\194-\244][\128-\191]*", i + 1) or ""))
    elseif c == "#" then  -- code: a name (with dots), then its argument lists; a [content] after is markup
      local j = (text:find("[^%w%-_%.]", i + 1)) or n + 1
      while text:sub(j, j) == "(" do j = skip_balanced(text, j, "(", ")") end
      copy_to(j)
    elseif c == "<" then
      copy_to((text:find(">", i + 1, true) or n) + 1)
    elseif c == "$" then
      local j = i + 1
      while j <= n and text:sub(j, j) ~= "$" do j = j + (text:sub(j, j) == "\\" and 2 or 1) end
      copy_to(j + 1)
    elseif c == "`" then
      local fence = text:match("^`+", i)
      local _, stop = text:find(fence, i + #fence, true)
      copy_to((stop or n) + 1)
    else  -- text up to the next special character: its words hyphenated
      local j = (text:find("[\\#<%$`]", i)) or n + 1
      table.insert(out, hyphenate_text(text:sub(i, j - 1)))
      i = j
    end
  end
  return table.concat(out)
end

-- Typst text --------------------------------------------------------------------------------------

local markup_all_json, plain_json, str = typst.markup_all_json, typst.plain_json, typst.str

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

-- a cell's text: its pieces are words, and the text a line when it has more than one (a column of single
-- words has no lines to measure: its longest word is its longest line)
local function measure_text(m, text)
  local list = pieces(text)
  for _, piece in ipairs(list) do remember(m.words, piece) end
  if #list > 1 then remember(m.lines, text) end
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

-- rows (pandoc's JSON form: { attr, cells }, a cell { attr, alignment, row span, column span, blocks }) ->
-- cells ({contents, args, col, row}); columns tracked through row spans, measures from one-column cells
local function convert_rows(rows, ncols, measures, default_align)
  local cells, occupied = {}, {}
  for r, row in ipairs(rows) do
    local col = 1
    for _, cell in ipairs(row[2]) do
      while (occupied[col] or 0) > 0 do col = col + 1 end
      -- JSON numbers arrive as floats: spans as integers, for the column numbers written below
      local alignment, row_span, col_span, contents = cell[2].t, math.floor(cell[3]), math.floor(cell[4]), cell[5]
      local args = {}
      if col_span > 1 then table.insert(args, "colspan: " .. col_span) end
      if row_span > 1 then table.insert(args, "rowspan: " .. row_span) end
      if ALIGN[alignment] and alignment ~= default_align[col] then
        table.insert(args, "align: " .. ALIGN[alignment])
      end
      table.insert(cells, { contents = contents, args = args, col = col, row = r })
      if col_span == 1 and measures[col] then measure_text(measures[col], plain_json(contents)) end
      for c = col, math.min(col + col_span - 1, ncols) do occupied[c] = row_span end
      col = col + col_span
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
  -- the whole table as plain Lua data, in one call (pandoc's JSON)
  local doc = pandoc.json.decode(pandoc.write(pandoc.Pandoc({ tbl }), "json"), false)
  local attr, caption, colspecs, thead, bodies, tfoot = table.unpack(doc.blocks[1].c)
  local ncols = #colspecs
  local aligns, default_align = {}, {}
  for i, spec in ipairs(colspecs) do
    default_align[i] = spec[1].t
    aligns[i] = ALIGN[spec[1].t] or "left"
  end
  local head_measures, body_measures = new_measures(ncols), new_measures(ncols)
  local head = convert_rows(thead[2], ncols, head_measures, {})
  local body_rows = {}
  for _, b in ipairs(bodies) do  -- { attr, row head columns, head rows, body rows }
    for _, row in ipairs(b[3]) do table.insert(body_rows, row) end
    for _, row in ipairs(b[4]) do table.insert(body_rows, row) end
  end
  for _, row in ipairs(tfoot[2]) do table.insert(body_rows, row) end
  local body = convert_rows(body_rows, ncols, body_measures, default_align)
  for i = 1, ncols do
    finish_measures(head_measures[i])
    finish_measures(body_measures[i])
  end

  -- one pandoc.write: every cell, then the caption; each cell's hyphenated twin from its markup (when the
  -- table may need one)
  local parts = {}
  for _, list in ipairs({ head, body }) do
    for _, cell in ipairs(list) do table.insert(parts, cell.contents) end
  end
  table.insert(parts, caption[2])
  local texts = markup_all_json(parts, doc["pandoc-api-version"])
  local caption_text = #caption[2] > 0 and "[" .. texts[#texts] .. "]" or "none"
  local tight = may_be_tight(head_measures, body_measures)
  local head_texts, body_texts = {}, {}
  for i = 1, #head + #body do
    local list, k = head_texts, i
    if i > #head then list, k = body_texts, i - #head end
    list[2 * k - 1] = texts[i]
    list[2 * k] = tight and hyphenate_markup(texts[i]) or ""
  end
  local source = nil  -- "Sumber: …" (typst.lua took it from the next block)
  for _, pair in ipairs(attr[3]) do
    if pair[1] == "naskah-source" then source = pair[2] end
  end

  -- the label: the table's own id (links and the Daftar Tabel point to it), else one of ours
  tables_seen = tables_seen + 1
  local id = attr[1]
  if id == "" or not id:match("^[%w_%-:%.]+$") then id = "naskah-table-" .. tables_seen end
  local call = table.concat({
    "#naskah-table(first: <" .. id .. ">, caption: " .. caption_text .. ", columns: " .. ncols .. ",",
    "  source: " .. (source and "[" .. source .. "]" or "none") .. ",",
    "  align: " .. array(aligns) .. ",",
    "  head: " .. array(typst_rows(head, head_texts, #thead[2])) .. ",",
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
