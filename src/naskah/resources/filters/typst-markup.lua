-- Helpers of the typst filters (typst.lua, typst-tables.lua), loaded with dofile: pieces of the
-- document as typst markup, for the arguments of the template's naskah-* functions.
local M = {}

-- many pieces (lists of blocks) written in one pandoc.write: a call per piece (a table cell, a line of the
-- Daftar Isi) cost a tenth of a second per few hundred pieces. The pieces are separated by a paragraph of
-- one word no text contains.
local SEPARATOR = "NaskahPieceSeparator9c1e"

local function split(text)
  local out, start = {}, 1
  while true do
    local at = text:find(SEPARATOR, start, true)
    local piece = text:sub(start, at and at - 1 or #text)
    table.insert(out, (piece:gsub("^%s+", ""):gsub("%s+$", "")))
    if not at then break end
    start = at + #SEPARATOR
  end
  return out
end

function M.write_all(pieces, format)
  local blocks = pandoc.Blocks({})
  for i, piece in ipairs(pieces) do
    if i > 1 then blocks:insert(pandoc.Para({ pandoc.Str(SEPARATOR) })) end
    blocks:extend(piece)
  end
  return split(pandoc.write(pandoc.Pandoc(blocks), format, { wrap_text = "none" }))
end

-- the same for pieces in pandoc's JSON form, as pandoc.json.decode(…, false) gives them (lists of blocks
-- as plain Lua tables) and *api*, the document's pandoc-api-version: the pieces reach pandoc as one
-- string, not element by element
function M.write_all_json(pieces, api, format)
  local blocks = pandoc.List({})
  for i, piece in ipairs(pieces) do
    if i > 1 then blocks:insert({ t = "Para", c = pandoc.List({ { t = "Str", c = SEPARATOR } }) }) end
    blocks:extend(piece)
  end
  local json = pandoc.json.encode({ ["pandoc-api-version"] = api, meta = {}, blocks = blocks })
  return split(pandoc.write(pandoc.read(json, "json"), format, { wrap_text = "none" }))
end

-- pieces as typst markup (for the arguments of the template's naskah-* functions)
function M.markup_all(pieces)
  return M.write_all(pieces, "typst")
end

function M.markup_all_json(pieces, api)
  return M.write_all_json(pieces, api, "typst")
end

-- the text of blocks or inlines in pandoc's JSON form, as pandoc.utils.stringify gives it: the words,
-- code and math of every inline, spaces and line breaks as spaces, quotes as curly quotes, notes left out
local QUOTES = { DoubleQuote = { "“", "”" }, SingleQuote = { "‘", "’" } }
local TEXT = { Str = true }
local CODE = { Code = true, Math = true }  -- c = { attr or math type, text }
local SPACE = { Space = true, SoftBreak = true, LineBreak = true }
local SKIP = { Note = true, RawInline = true, RawBlock = true, CodeBlock = true }

local function collect(node, out)
  local t = node.t
  if t == nil then  -- a list (of blocks, inlines, rows …) or an attribute: only nodes with a type hold text
    for _, item in ipairs(node) do
      if type(item) == "table" then collect(item, out) end
    end
  elseif TEXT[t] then
    out[#out + 1] = node.c
  elseif SPACE[t] then
    out[#out + 1] = " "
  elseif CODE[t] then
    out[#out + 1] = node.c[2]
  elseif t == "Quoted" then
    local q = QUOTES[node.c[1].t]
    out[#out + 1] = q[1]
    collect(node.c[2], out)
    out[#out + 1] = q[2]
  elseif t == "Cite" then
    for _, citation in ipairs(node.c[1]) do
      collect(citation.citationPrefix, out)
      collect(citation.citationSuffix, out)
    end
    collect(node.c[2], out)
  elseif not SKIP[t] and type(node.c) == "table" then
    collect(node.c, out)
  end
end

function M.plain_json(node)
  local out = {}
  collect(node, out)
  return table.concat(out)
end

function M.markup(blocks)
  return M.markup_all({ blocks })[1]
end

-- a typst string literal
function M.str(s)
  return '"' .. s:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

return M
