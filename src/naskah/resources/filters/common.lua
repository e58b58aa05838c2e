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
return M
