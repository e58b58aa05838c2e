-- Image paths per format: typst resolves a relative path from the .typ file's folder ("/" is
-- the project root); Word gets the PNG twin of naskah's SVG figures (older Word cannot show SVG).
local common = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "common.lua" }))

-- HTML: the draft is one file to send, so an image travels inside it as a data: URL. pandoc's
-- --embed-resources did this by reading back the whole written page (half a second for a thesis);
-- here only the images are touched.
local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

local function base64(data)
  local out, n = {}, #data
  for i = 1, n, 3 do
    local a, b, c = data:byte(i, i + 2)
    local v = a * 65536 + (b or 0) * 256 + (c or 0)
    local d1, d2, d3, d4 = v // 262144 % 64 + 1, v // 4096 % 64 + 1, v // 64 % 64 + 1, v % 64 + 1
    out[#out + 1] = B64:sub(d1, d1) .. B64:sub(d2, d2)
      .. (b and B64:sub(d3, d3) or "=") .. (c and B64:sub(d4, d4) or "=")
  end
  return table.concat(out)
end

local function embedded(img)
  local ok, mime, contents = pcall(pandoc.mediabag.fetch, img.src)
  if not ok or not mime then
    io.stderr:write("[WARNING] Could not fetch resource " .. img.src .. "\n")
    return nil
  end
  img.src = "data:" .. mime .. ";base64," .. base64(contents)
  return img
end

local function Image(img)
  if common.is_html() and not img.src:match("^%a[%w+.-]*:") then
    return embedded(img)
  end
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
