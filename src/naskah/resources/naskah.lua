-- naskah's pandoc filter: page breaks, the title page and its build stamp, the lists of
-- contents/tables/figures, and provenance (HTML popovers, Word comments) written the way
-- each output format needs them.

local function is_typst() return FORMAT:match("typst") end
local function is_docx() return FORMAT:match("docx") end
local function is_html() return FORMAT:match("html") end

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

local function pagebreak()
  if is_typst() then
    return pandoc.RawBlock("typst", "#pagebreak(weak: true)")
  elseif is_docx() then
    return pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
  else
    return pandoc.RawBlock("html", '<div class="pagebreak"></div>')
  end
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

local outline_targets = {
  toc = nil,
  tables = "figure.where(kind: table)",
  figures = "figure.where(kind: image)",
}

-- typst: wrap a div's blocks in a typst call, e.g. #align(center)[ … ]
local function wrap_typst(div, open, close)
  local blocks = { pandoc.RawBlock("typst", open) }
  for _, b in ipairs(div.content) do table.insert(blocks, b) end
  table.insert(blocks, pandoc.RawBlock("typst", close))
  return blocks
end

local function Div(div)
  if div.classes:includes("pagebreak") then
    return pagebreak()
  end
  if div.classes:includes("title-page") and is_typst() then
    return wrap_typst(div, "#align(center)[", "]")
  end
  if div.classes:includes("title-page") and is_docx() then
    div.attributes["custom-style"] = "Title Page"
    return div
  end
  if div.classes:includes("build-stamp") and is_typst() then
    return wrap_typst(div, "#align(bottom)[#text(size: 9pt)[", "]]")
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

local function Span(span)
  if not span.classes:includes("naskah-num") then return nil end
  local record = records[span.identifier]
  if is_html() and record then
    span.attributes["title"] = record
    return span
  elseif is_docx() and comments and record then
    return commented(span.content, record)
  elseif not is_html() then
    return span.content
  end
  return span
end

-- typst resolves a relative image path from the .typ file's folder; "/" means the project root
-- DOCX: naskah's figures have a PNG twin (older Word cannot show SVG)
local function Image(img)
  if is_typst() and not img.src:match("^/") and not img.src:match("^%a+:") then
    img.src = "/" .. img.src
    return img
  end
  if is_docx() and img.src:match("^results/figures/.*%.svg$") then
    img.src = img.src:gsub("%.svg$", ".png")
    return img
  end
  return nil
end

-- typst sizes auto columns to their widest word, so a table of long text stays narrow and
-- squeezed; give wide tables fractions of the text width, by how much text each column holds
local function typst_widths(tbl)
  local longest, word = {}, {}
  local function measure(rows)
    for _, row in ipairs(rows) do
      for i, cell in ipairs(row.cells) do
        local text = pandoc.utils.stringify(cell.contents)
        longest[i] = math.max(longest[i] or 6, math.min(utf8.len(text) or 0, 60))
        for w in text:gmatch("%S+") do word[i] = math.max(word[i] or 0, utf8.len(w) or 0) end
      end
    end
  end
  measure(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do measure(body.body) end
  local total = 0
  for i = 1, #tbl.colspecs do total = total + (longest[i] or 6) end
  if total < 70 then return end  -- a narrow table reads best at its natural width
  -- no column narrower than its longest word (about 66 of its widest characters fit the width at 10pt)
  local shares, sum = {}, 0
  for i = 1, #tbl.colspecs do
    shares[i] = math.max((longest[i] or 6) / total, ((word[i] or 2) + 2) / 66)
    sum = sum + shares[i]
  end
  for i, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { spec[1], shares[i] / sum }
  end
end

local function Table(tbl)
  if is_typst() then typst_widths(tbl) end
  local record = records[tbl.identifier]
  if not record then return tbl end
  if is_html() then
    tbl.attributes["title"] = record
  elseif is_docx() and comments and #tbl.caption.long > 0 then
    local first = tbl.caption.long[1]
    first.content = commented(first.content, record)
  end
  return tbl
end

return {
  { Meta = read_meta },
  { Div = Div, Span = Span, Table = Table, Image = Image },
}
