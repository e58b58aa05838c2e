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
-- the text of resources/<name> (naskah's package folder beside filters/)
function M.resource(name)
  local dir = pandoc.path.directory(pandoc.path.directory(PANDOC_SCRIPT_FILE))
  local file = assert(io.open(pandoc.path.join({ dir, name }), "r"))
  local text = file:read("a")
  file:close()
  return text
end
-- HTML: *html* added to the page's head (the header-includes metadata), at its start when *first*
function M.add_to_head(meta, html, first)
  local list = pandoc.List({})
  local includes = meta["header-includes"]
  if pandoc.utils.type(includes) == "List" then list = includes elseif includes then list:insert(includes) end
  list:insert(first and 1 or #list + 1, pandoc.MetaBlocks({ pandoc.RawBlock("html", html) }))
  meta["header-includes"] = list
end
return M
