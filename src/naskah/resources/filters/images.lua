-- Image paths per format: typst resolves a relative path from the .typ file's folder ("/" is
-- the project root); Word gets the PNG twin of naskah's SVG figures (older Word cannot show SVG).
local common = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "common.lua" }))

local function Image(img)
  if common.is_typst() and not img.src:match("^/") and not img.src:match("^%a+:") then
    img.src = "/" .. img.src
    return img
  end
  if common.is_docx() and img.src:match("^results/figures/.*%.svg$") then
    img.src = img.src:gsub("%.svg$", ".png")
    return img
  end
  return nil
end

return { { Image = Image } }
