-- Helpers of the typst filters (typst.lua, typst-tables.lua), loaded with dofile: pieces of the
-- document as typst markup, for the arguments of the template's naskah-* functions.
local M = {}

-- many pieces (lists of blocks) written in one pandoc.write: a call per piece (a table cell, a line of the
-- Daftar Isi) cost a tenth of a second per few hundred pieces. The pieces are separated by a paragraph of
-- one word no text contains.
local SEPARATOR = "NaskahPieceSeparator9c1e"

function M.write_all(pieces, format)
  local blocks = pandoc.Blocks({})
  for i, piece in ipairs(pieces) do
    if i > 1 then blocks:insert(pandoc.Para({ pandoc.Str(SEPARATOR) })) end
    blocks:extend(piece)
  end
  local text = pandoc.write(pandoc.Pandoc(blocks), format, { wrap_text = "none" })
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

-- pieces as typst markup (for the arguments of the template's naskah-* functions)
function M.markup_all(pieces)
  return M.write_all(pieces, "typst")
end

function M.markup(blocks)
  return M.markup_all({ blocks })[1]
end

-- a typst string literal
function M.str(s)
  return '"' .. s:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

return M
