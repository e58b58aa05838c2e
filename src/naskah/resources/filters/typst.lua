-- typst (PDF): the thesis's structure as calls to the template's naskah-* functions
-- (naskah/style/typst.py builds the template from the house style, so this filter only says
-- *what* a block is: the title page, where the body starts, a chapter, a list of contents …).
--
-- It reads the assembled Markdown's shape (README of the writing side):
--   ::: {.title-page} / ::: {.build-stamp}   the title page, and the review copy's stamp at its foot
--   ::: {.front-part part=…}                 one front-matter part (its heading opens a new page)
--   ::: {.naskah-list kind=toc|tables|figures|appendices}   a list whose entries link to their targets
--   ::: {.main-matter}                       the body starts here: arabic page numbers from 1
--   # BAB I PENDAHULUAN {.chapter label="BAB I"}   a chapter: label and title on two lines
--   [Tabel 4.1]{.caption-label}              the caption's label (bold, then the style's separator)
--   ::: {.caption-source}                    "Sumber: …" under a table or figure
-- and tolerates the older shape (no main-matter div, no chapter class, plain caption labels).
local here = pandoc.path.directory(PANDOC_SCRIPT_FILE)
local common = dofile(pandoc.path.join({ here, "common.lua" }))
local typst = dofile(pandoc.path.join({ here, "typst-markup.lua" }))

if not common.is_typst() then return {} end

local function raw(code) return pandoc.RawBlock("typst", code) end

local markup = typst.markup

-- Captions ------------------------------------------------------------------------------------

-- the older shape writes "Tabel 4.1 Caption": the first two words are the label
local LABEL_WORDS = { Tabel = true, Table = true, Gambar = true, Figure = true }

local function caption_label(inlines)
  local first, second, third = inlines[1], inlines[2], inlines[3]
  if first and first.t == "Str" and LABEL_WORDS[first.text] and second and second.t == "Space"
      and third and third.t == "Str" and third.text:match("^%d[%d%.]*$") then
    -- older shape: "Tabel 4.1" read as if it were a caption-label span
    local rest = pandoc.Inlines({ pandoc.Span({ first, second, third }, pandoc.Attr("", { "caption-label" })) })
    for j = 4, #inlines do rest:insert(inlines[j]) end
    inlines = rest
  end
  local out, after_label = pandoc.Inlines({}), false
  for _, el in ipairs(inlines) do
    if el.t == "Span" and el.classes:includes("caption-label") then
      -- the label, then the style's separator (which replaces the space after it)
      out:insert(pandoc.RawInline("typst", "#naskah-caption-label["))
      out:extend(el.content)
      out:insert(pandoc.RawInline("typst", "]"))
      after_label = true
    elseif not (after_label and el.t == "Space") then
      out:insert(el)
      after_label = false
    else
      after_label = false
    end
  end
  return out
end

local function relabel_caption(caption)
  for _, block in ipairs(caption.long) do
    if block.content then block.content = caption_label(block.content) end
  end
end

local function Table(tbl)
  relabel_caption(tbl.caption)
  return tbl
end

local function Figure(fig)
  relabel_caption(fig.caption)
  return fig
end

-- "Sumber: …" stays with its table or figure: a table takes it in (typst-tables.lua reads the
-- attribute), a figure and its source are kept on one page. Tables and figures with a source stand in
-- the document's own blocks or in divs (and block quotes), never in a table cell or a list item: only
-- those lists are read, since a Blocks filter would bring every cell's blocks into Lua and back.
local function is_source(block)
  return block and block.t == "Div" and block.classes:includes("caption-source")
end

local function with_sources(blocks)
  local out, i = pandoc.Blocks({}), 1
  while i <= #blocks do
    local block, after = blocks[i], blocks[i + 1]
    if block.t == "Div" or block.t == "BlockQuote" then
      block.content = with_sources(block.content)
    end
    if block.t == "Table" and is_source(after) then
      block.attributes["naskah-source"] = markup(after.content)
      out:insert(block)
      i = i + 1
    elseif block.t == "Figure" and is_source(after) then
      out:insert(raw("#block(breakable: false, width: 100%)["))
      out:insert(block)
      out:extend(common.wrap_typst(after, "#naskah-source[", "]"))
      out:insert(raw("]"))
      i = i + 1
    elseif is_source(block) then
      out:extend(common.wrap_typst(block, "#naskah-source[", "]"))
    else
      out:insert(block)
    end
    i = i + 1
  end
  return out
end

-- signature blocks two by two, and the approval page centred (as in the HTML and the DOCX); this pass
-- runs before the one that writes a lone signature, so the group still sees its signatures' divs
local function Signatures(div)
  if div.classes:includes("signatures") then
    local cells = {}
    for _, block in ipairs(div.content) do
      local inner = block.t == "Div" and block.classes:includes("signature") and block.content or { block }
      table.insert(cells, "[" .. markup(inner) .. "]")
    end
    return raw("#naskah-signatures(" .. table.concat(cells, ", ") .. ")")
  end
  if div.classes:includes("front-part") and div.attributes["part"] == "approval" then
    local blocks = { raw("#naskah-approval[") }
    for i, block in ipairs(div.content) do
      if i == 1 and block.t == "Header" then table.insert(blocks, 1, block) else table.insert(blocks, block) end
    end
    table.insert(blocks, raw("]"))
    return pandoc.Div(blocks, div.attr)  -- still a front part: the structure below opens its page
  end
  return nil
end

local function Signature(div)
  if div.classes:includes("signature") then
    return raw("#naskah-signature[" .. markup(div.content) .. "]")
  end
  return nil
end

-- Lists of contents, tables, figures, appendices --------------------------------------------------

-- one entry per list item (nested lists are deeper levels): {level, target, inlines}
local function list_entries(list, level, out)
  for _, item in ipairs(list.content) do
    for _, block in ipairs(item) do
      if block.t == "BulletList" or block.t == "OrderedList" then
        list_entries(block, level + 1, out)
      elseif block.content then
        local inlines, target = block.content, nil
        if #inlines == 1 and inlines[1].t == "Link" and inlines[1].target:match("^#") then
          target = inlines[1].target:sub(2)
          inlines = inlines[1].content
        end
        table.insert(out, { level = level, target = target, inlines = inlines })
      end
    end
  end
end

-- the entries as naskah-entry calls (typst computes the page numbers), written in one pandoc.write
local function entry_blocks(entries)
  local pieces = {}
  for _, entry in ipairs(entries) do table.insert(pieces, { pandoc.Plain(entry.inlines) }) end
  local texts = typst.markup_all(pieces)
  local out = {}
  for i, entry in ipairs(entries) do
    if entry.target then
      table.insert(out, raw(string.format("#naskah-entry(%d, label(%s))[%s]", entry.level, typst.str(entry.target),
        texts[i])))
    else
      table.insert(out, raw("#block[" .. texts[i] .. "]"))
    end
  end
  return out
end

local function naskah_list(div)
  local out, found = {}, false
  for _, block in ipairs(div.content) do
    if block.t == "BulletList" or block.t == "OrderedList" then
      local entries = {}
      list_entries(block, 1, entries)
      for _, b in ipairs(entry_blocks(entries)) do table.insert(out, b) end
      found = true
    else
      table.insert(out, block)
    end
  end
  if not found and div.attributes["kind"] == "toc" then
    table.insert(out, raw("#outline(title: none)"))  -- no entries given: typst's own outline of the headings
  end
  return out
end

-- Headings -----------------------------------------------------------------------------------

local function is_roman(s) return s:match("^[IVXLCDM]+$") ~= nil end

-- "BAB I PENDAHULUAN": how many inlines form the label ("BAB", " ", "I" = 3), or 0
local function label_length(header)
  local content = header.content
  local label = header.attributes["label"]
  if label then
    local words = 0
    for _ in label:gmatch("%S+") do words = words + 1 end
    return 2 * words - 1
  end
  if content[1] and content[1].t == "Str" and content[1].text:match("^%u+$") and content[2]
      and content[2].t == "Space" and content[3] and content[3].t == "Str" and is_roman(content[3].text) then
    return 3
  end
  return 0
end

local function is_chapter(header)
  if header.level ~= 1 then return false end
  if header.classes:includes("chapter") then return true end
  return not (header.classes:includes("unnumbered") or header.classes:includes("front")
    or header.classes:includes("back") or header.classes:includes("appendix")) and label_length(header) > 0
end

-- a level-1 heading opens a page (a chapter only when the style says so); a chapter's label and
-- title are split by the style's break (a line break, or a space)
local function level_one(header)
  if not is_chapter(header) then
    return { raw("#pagebreak(weak: true)"), header }
  end
  local n = label_length(header)
  if n > 0 and #header.content > n + 1 and header.content[n + 1].t == "Space" then
    local content = pandoc.Inlines({})
    for i = 1, n do content:insert(header.content[i]) end
    content:insert(pandoc.RawInline("typst", "#{naskah-label-break}"))
    for i = n + 2, #header.content do content:insert(header.content[i]) end
    header.content = content
  end
  return { raw("#naskah-chapter-break()"), header }
end

-- The document ---------------------------------------------------------------------------------

local MAIN_MATTER = "#pagebreak(weak: true)\n#set page(..naskah-body)\n#counter(page).update(1)"

local function title_page(div, stamp)
  local out = { raw("#naskah-title-page(stamp: " .. (stamp and "[" .. markup(stamp.content) .. "]" or "none") .. ")[") }
  for i, block in ipairs(div.content) do
    if i > 1 then table.insert(out, raw("#v(1fr)")) end  -- the title page's blocks spread over the page
    table.insert(out, block)
  end
  table.insert(out, raw("]"))
  return out
end

local function is_stamp(block)
  return block and block.t == "Div" and block.classes:includes("build-stamp")
end

local function structure(blocks, state)
  local out = pandoc.Blocks({})
  for i, block in ipairs(blocks) do
    if block.t == "Div" and block.classes:includes("title-page") then
      -- the review copy's stamp goes to the title page's foot, as in the DOCX
      out:extend(title_page(block, is_stamp(blocks[i + 1]) and blocks[i + 1] or nil))
    elseif is_stamp(block) then
      if not (blocks[i - 1] and blocks[i - 1].t == "Div" and blocks[i - 1].classes:includes("title-page")) then
        out:extend(common.wrap_typst(block, "#naskah-stamp[", "]"))  -- no title page: where it stands
      end
    elseif block.t == "Div" and block.classes:includes("main-matter") then
      out:insert(raw(MAIN_MATTER))
      state.main = true
      out:extend(structure(block.content, state))
    elseif block.t == "Div" and block.classes:includes("naskah-list") then
      out:extend(structure(naskah_list(block), state))
    elseif block.t == "Div" and block.classes:includes("front-part") then
      out:extend(structure(block.content, state))
    elseif block.t == "Header" and block.level == 1 then
      if not state.main and is_chapter(block) then
        out:insert(raw(MAIN_MATTER))  -- older shape: the body starts at the first chapter
        state.main = true
      end
      out:extend(level_one(block))
    else
      out:insert(block)
    end
  end
  return out
end

-- the document's structure, and the sources with their tables and figures (before typst-tables.lua
-- reads them), in one pass: a Pandoc function brings the document's blocks into Lua and back
local function Pandoc(doc)
  doc.blocks = structure(with_sources(doc.blocks), { main = false })
  return doc
end

return {
  { Div = Signatures },
  { Table = Table, Figure = Figure, Div = Signature },
  { Pandoc = Pandoc },
}
