-- Helpers shared by naskah's filters (loaded with dofile from each filter's folder).
local M = {}
function M.is_typst() return FORMAT:match("typst") ~= nil end
function M.is_docx() return FORMAT:match("docx") ~= nil end
function M.is_html() return FORMAT:match("html") ~= nil end
-- the format key of per-format tables: "html", "docx" or "typst"
function M.format()
  if M.is_typst() then return "typst" elseif M.is_docx() then return "docx" else return "html" end
end
-- typst: wrap a div's blocks in a typst call, e.g. #align(center)[ … ]
function M.wrap_typst(div, open, close)
  local blocks = { pandoc.RawBlock("typst", open) }
  for _, b in ipairs(div.content) do table.insert(blocks, b) end
  table.insert(blocks, pandoc.RawBlock("typst", close))
  return blocks
end
-- naskah-style metadata (see writing/assemble.py style_metadata) as plain Lua values
function M.style_of(meta)
  local out = {}
  local map = meta["naskah-style"]
  if map then
    for key, value in pairs(map) do
      if type(value) == "boolean" then out[key] = value else out[key] = pandoc.utils.stringify(value) end
    end
  end
  return out
end
-- a chapter heading "BAB I PENDAHULUAN" {label="BAB I"}: (label inlines, title inlines)
function M.split_label(header)
  local words = select(2, header.attributes["label"]:gsub("%S+", "")) -- how many words the label has
  local label, title, seen = pandoc.Inlines({}), pandoc.Inlines({}), 0
  for _, el in ipairs(header.content) do
    if seen < words then
      if el.t == "Str" then seen = seen + 1 end
      if el.t ~= "Space" or seen < words then label:insert(el) end
    elseif #title > 0 or el.t ~= "Space" then
      title:insert(el)
    end
  end
  return label, title
end
return M
