-- Layout of the draft: page breaks, the title page and its build stamp, the lists of
-- contents/tables/figures, written the way each output format needs them.
local common = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "common.lua" }))

local pagebreak = {
  typst = function() return pandoc.RawBlock("typst", "#pagebreak(weak: true)") end,
  docx = function() return pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>') end,
  html = function() return pandoc.RawBlock("html", '<div class="pagebreak"></div>') end,
}

local outline_targets = {
  toc = nil,
  tables = "figure.where(kind: table)",
  figures = "figure.where(kind: image)",
}

local function Div(div)
  local fmt = common.format()
  if div.classes:includes("pagebreak") then
    return pagebreak[fmt]()
  end
  if div.classes:includes("title-page") and fmt == "typst" then
    return common.wrap_typst(div, "#align(center)[", "]")
  end
  if div.classes:includes("title-page") and fmt == "docx" then
    div.attributes["custom-style"] = "Title Page"
    return div
  end
  if div.classes:includes("build-stamp") and fmt == "typst" then
    return common.wrap_typst(div, "#align(bottom)[#text(size: 9pt)[", "]]")
  end
  if div.classes:includes("naskah-list") and fmt == "typst" then
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

return { { Div = Div } }
