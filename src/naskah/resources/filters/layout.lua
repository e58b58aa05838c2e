-- Layout of the draft: page breaks, the title page and its build stamp, the lists of
-- contents/tables/figures, written the way each output format needs them (typst: typst.lua).
local common = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "common.lua" }))

local pagebreak = {
  typst = function() return pandoc.RawBlock("typst", "#pagebreak(weak: true)") end,
  docx = function() return pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>') end,
  html = function() return pandoc.RawBlock("html", '<div class="pagebreak"></div>') end,
}

local function Div(div)
  local fmt = common.format()
  if div.classes:includes("pagebreak") then
    return pagebreak[fmt]()
  end
  if div.classes:includes("title-page") and fmt == "docx" then
    div.attributes["custom-style"] = "Title Page"
    return div
  end
  return nil
end

local style = {}  -- naskah-style metadata

-- HTML: the house style's CSS in the page's head, before anything else there (the draft is one
-- self-contained file; pandoc's --embed-resources did this by reading back the whole written page)
local function house_css(meta)
  common.add_to_head(meta, "<style>\n" .. common.resource("naskah.css") .. "</style>", true)
  return meta
end

local function read_meta(meta)
  style = common.style_of(meta)
  if common.is_html() then return house_css(meta) end
  return nil
end

-- HTML: a chapter heading shows its label ("BAB I") and its title on two lines, as the style asks
local function Header(h)
  if not (h.classes:includes("chapter") and h.attributes["label"]) then return nil end
  if common.format() == "html" and style["chapter-title-on-new-line"] then
    local label, title = common.split_label(h)
    h.content = { pandoc.Span(label, { class = "chapter-label" }), pandoc.LineBreak(),
                  pandoc.Span(title, { class = "chapter-title" }) }
    return h
  end
  return nil
end

return { { Meta = read_meta }, { Div = Div, Header = Header } }
