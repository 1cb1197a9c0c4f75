-- wrk script for the hosting benchmark: POST the body of a file with Content-Type text/csv, on kept-alive connections.
--
--   wrk -t2 -c16 -d30s --latency -s bench/serving/invoke.lua <url> -- <body-file> [<headers-file>]
--
-- <url> is an instance's /invocations, the Flask baseline's /invocations, or the router's
-- /endpoints/<name>/invocations. <headers-file> holds extra "Name: value" lines sent with every request, for example
-- an Authorization, X-Amz-Date and X-Amz-Content-Sha256 that botocore signed for this same body: a SigV4 signature
-- stays valid for the same request for minutes, long enough for one run. A header given there replaces the default
-- Content-Type or Accept. wrk counts non-2xx answers itself ("Non-2xx or 3xx responses"); no response() hook, so
-- the client spends no Lua time per response.

local function read_file(path)
  local file = assert(io.open(path, "rb"), "cannot open " .. path)
  local content = file:read("*a")
  file:close()
  return content
end

function init(args)
  if args[1] == nil then
    error("usage: wrk ... -s invoke.lua <url> -- <body-file> [<headers-file>]")
  end
  wrk.method = "POST"
  wrk.body = read_file(args[1])
  wrk.headers["Content-Type"] = "text/csv"
  wrk.headers["Accept"] = "text/csv"
  if args[2] ~= nil then
    for line in read_file(args[2]):gmatch("[^\r\n]+") do
      local name, value = line:match("^%s*([^:]+):%s*(.-)%s*$")
      if name ~= nil then
        wrk.headers[name] = value
      end
    end
  end
end
