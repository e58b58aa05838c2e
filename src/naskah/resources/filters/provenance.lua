-- Provenance in the draft: in the HTML a panel (and a tooltip) on bound numbers, generated tables and
-- quotation references, Word comments by "naskah" in the DOCX; other formats show the plain value.
local common = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "common.lua" }))

local records = {}       -- id -> one-line provenance record (naskah.core.layout.RECORDS)
local comments = false   -- DOCX: provenance as Word comments by "naskah"
local comment_date = nil
local next_comment = 0
local final = false      -- render.mode: final

-- HTML (review copies): what a reader can trace is a marker — a focusable role=button with the id
-- `naskah trace` accepts in data-naskah-trace (numbers n12, table captions tbl:<id>, quotation
-- references I01:14) — and resources/provenance-panel.js opens a panel with its account (the
-- JSON file naskah-annotations.panel names: naskah.writing.annotations.panel_accounts). The script, its CSS
-- and the accounts as JSON go into the page's head, so the draft stays one self-contained file.
local panel = nil        -- HTML: { ids = { [trace id] = true }, file = the accounts' JSON (naskah.core.layout.PANEL) }
local marked = 0         -- markers written: no markers, no script

-- an element the reader can open the panel from
local function mark(attr, trace, focusable)
  if not (panel and panel.ids[trace]) then return false end
  if focusable then attr.attributes["tabindex"] = "0" end
  attr.attributes["role"] = "button"
  attr.attributes["aria-haspopup"] = "dialog"
  attr.attributes["aria-expanded"] = "false"
  attr.attributes["aria-controls"] = "naskah-panel"
  attr.attributes["data-naskah-trace"] = trace
  marked = marked + 1
  return true
end

-- the panel's style, data and script at the end of the head (after the house style)
local function Pandoc(doc)
  if marked == 0 then return nil end
  -- the accounts, as assemble wrote them; "<" escaped: the JSON sits in a <script> element, which a
  -- "</script>" in the data would end
  local file = assert(io.open(panel.file, "r"))
  local data = file:read("a"):gsub("%s+$", ""):gsub("<", "\\u003c")
  file:close()
  common.add_to_head(doc.meta, "<style>\n" .. common.resource("provenance-panel.css") .. "</style>\n"
    .. '<script type="application/json" id="naskah-panel-data">' .. data .. "</script>\n"
    .. "<script>\n" .. common.resource("provenance-panel.js") .. "</script>")
  return doc
end

-- a JSON file of the build as plain Lua tables
local function decoded(path)
  local file = assert(io.open(path, "r"))
  local value = pandoc.json.decode(file:read("a"), false)
  file:close()
  return value
end

local function read_meta(meta)
  comments = meta["naskah-comments"] == true
  -- the submission copy (render.mode: final) carries no provenance markup at all
  final = common.style_of(meta)["mode"] == "final"
  if meta["naskah-date"] then comment_date = pandoc.utils.stringify(meta["naskah-date"]) end
  local files = meta["naskah-annotations"]
  if files and files.records and not final and (common.is_html() or (common.is_docx() and comments)) then
    records = decoded(pandoc.utils.stringify(files.records))
  end
  if files and files.panel and common.is_html() and not final then
    local file = pandoc.utils.stringify(files.panel)
    local accounts = (decoded(file) or {}).accounts or {}
    if next(accounts) ~= nil then
      panel = { ids = {}, file = file }
      for id in pairs(accounts) do panel.ids[id] = true end
    end
  end
  meta["naskah-annotations"] = nil  -- read here only (the DOCX writer would keep it as a document property)
  return meta
end

-- a Word comment around `inlines`, authored "naskah"
local function commented(inlines, text)
  next_comment = next_comment + 1
  local id = tostring(next_comment)
  -- a list of pairs, not a table: Lua's table order varies between runs, and the DOCX must not
  local attrs = { { "id", id }, { "author", "naskah" } }
  if comment_date then table.insert(attrs, { "date", comment_date }) end
  local out = pandoc.Inlines({ pandoc.Span(pandoc.Inlines(pandoc.Str(text)), pandoc.Attr("", { "comment-start" }, attrs)) })
  out:extend(inlines)
  out:insert(pandoc.Span({}, pandoc.Attr("", { "comment-end" }, { { "id", id } })))
  return out
end

local function Span(span)
  if not span.classes:includes("naskah-num") then return nil end
  if final then return span.content end
  local record = records[span.identifier]
  if common.is_html() and record then
    span.attributes["title"] = record
    mark(span.attr, span.identifier, true)
    return span
  elseif common.is_docx() and comments and record then
    return commented(span.content, record)
  elseif not common.is_html() then
    return span.content
  end
  return span
end

local function Table(tbl)
  local record = records[tbl.identifier]
  if final or not record then return nil end
  if common.is_html() then
    tbl.attributes["title"] = record
    -- the marker is the caption's label ("Tabel 4.1"): a table itself is no button
    local done = false
    tbl.caption.long = tbl.caption.long:walk({ Span = function(span)
      if not done and span.classes:includes("caption-label") then
        done = mark(span.attr, tbl.identifier, true)
        return span
      end
    end })
  elseif common.is_docx() and comments and #tbl.caption.long > 0 then
    local first = tbl.caption.long[1]
    first.content = commented(first.content, record)
  end
  return tbl
end

-- HTML: a quotation reference "(I01, giliran 14)" links to its Lampiran entry #quote-I01-14; it opens
-- the panel instead (the panel links on to the Lampiran)
local function Link(link)
  if final or not common.is_html() then return nil end
  local informant, turn = link.target:match("^#quote%-(.+)%-(%d+)$")
  if informant and mark(link.attr, informant .. ":" .. turn, false) then return link end
  return nil
end

-- tables and links carry provenance only in the HTML and the DOCX: elsewhere their functions would do nothing
-- but cost a copy of every table (the PDF's typst render) into Lua and back. The panel is the HTML's alone:
-- elsewhere a Pandoc pass would also keep naskah.lua from running the next concern's functions in the
-- same pass as these (a pass over every inline costs a tenth of a second)
local elements = { Span = Span }
if common.is_html() or common.is_docx() then elements.Table = Table end
if common.is_html() then elements.Link = Link end

local filters = { { Meta = read_meta }, elements }
if common.is_html() then table.insert(filters, { Pandoc = Pandoc }) end
return filters
