-- naskah's pandoc filter: page breaks, the title page and the lists of
-- contents/tables/figures, written the way each output format needs them.

local function is_typst() return FORMAT:match("typst") end
local function is_docx() return FORMAT:match("docx") end

local function pagebreak()
  if is_typst() then
    return pandoc.RawBlock("typst", "#pagebreak(weak: true)")
  elseif is_docx() then
    return pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
  else
    return pandoc.RawBlock("html", '<div class="pagebreak"></div>')
  end
end

local outline_targets = {
  toc = nil,
  tables = "figure.where(kind: table)",
  figures = "figure.where(kind: image)",
}

function Div(div)
  if div.classes:includes("pagebreak") then
    return pagebreak()
  end
  if div.classes:includes("title-page") and is_typst() then
    local blocks = { pandoc.RawBlock("typst", "#align(center)[") }
    for _, b in ipairs(div.content) do table.insert(blocks, b) end
    table.insert(blocks, pandoc.RawBlock("typst", "]"))
    return blocks
  end
  if div.classes:includes("title-page") and is_docx() then
    div.attributes["custom-style"] = "Title Page"
    return div
  end
  if div.classes:includes("naskah-list") and is_typst() then
    -- typst knows the page numbers: let it build the list
    local kind = div.attributes["kind"]
    local title = pandoc.utils.stringify(div.content[1])
    local target = outline_targets[kind]
    local call = "#outline(title: [" .. title .. "]"
    if target then call = call .. ", target: " .. target end
    -- the list's own heading is the outline's title; keep an anchor for links to it
    local ident = div.content[1].identifier
    return pandoc.RawBlock("typst", call .. ")\n#metadata(none) <" .. ident .. ">")
  end
  return nil
end
