-- Provenance in the draft: HTML popovers on bound numbers and generated tables, Word comments
-- by "naskah" in the DOCX; other formats show the plain value.
local common = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "common.lua" }))

local records = {}       -- id -> one-line provenance record (from the metadata)
local comments = false   -- DOCX: provenance as Word comments by "naskah"
local comment_date = nil
local next_comment = 0

local function read_meta(meta)
  if meta["naskah-records"] then
    for key, value in pairs(meta["naskah-records"]) do
      records[key] = pandoc.utils.stringify(value)
    end
  end
  comments = meta["naskah-comments"] == true
  if meta["naskah-date"] then comment_date = pandoc.utils.stringify(meta["naskah-date"]) end
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
  local record = records[span.identifier]
  if common.is_html() and record then
    span.attributes["title"] = record
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
  if not record then return nil end
  if common.is_html() then
    tbl.attributes["title"] = record
  elseif common.is_docx() and comments and #tbl.caption.long > 0 then
    local first = tbl.caption.long[1]
    first.content = commented(first.content, record)
  end
  return tbl
end

return {
  { Meta = read_meta },
  { Span = Span, Table = Table },
}
