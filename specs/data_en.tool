# Database, data analysis, image processing and shell commands (English): natural language ->
# enum / SQL / command maps, clarification, find file -> analysis chain. Query results satisfy the WHERE
# condition and `since` and never exceed `limit`.

locale en_US
import "tools_data.tool"
import "tools_office.tool"

slot en_table      = { "orders": "orders", "customers": "customers", "clients": "customers", "products": "products",
                       "items": "products", "employees": "employees", "staff": "employees" }
slot en_order_cond = { "over $1,000": "amount > 1000", "under $50": "amount < 50", "that have shipped": "status = 'shipped'",
                       "still pending": "status = 'pending'", "that were refunded": "status = 'refunded'",
                       "from Chicago": "city = 'Chicago'", "from Boston": "city = 'Boston'", "paid by credit card": "payment_method = 'credit_card'",
                       "with more than 3 items": "quantity > 3" }
slot en_since      = faker.date_between(start_date="-90d", end_date="-1d")
slot en_nrows      = int(3..12)
# a column as the user names it -> a data file that holds it, drawn together (not "conversion rate" of members.csv):
# `{en_colfile}` says the column, `{en_colfile.value}` the file; `en_store_colfile`: files with a row per store
slot en_colfile    = { "revenue": "sales_2024.csv", "refund rate": "sales_2024.csv", "profit": "~/reports/quarterly_revenue.xlsx",
                       "order count": "./data/orders.csv", "average order value": "./data/orders.csv",
                       "daily sales": "store_daily_sales.xlsx", "daily active users": "user_retention.xlsx",
                       "retention rate": "user_retention.xlsx", "page views": "traffic.csv", "bounce rate": "traffic.csv",
                       "member spending": "/data/exports/members.csv", "stock level": "inventory.xlsx",
                       "conversion rate": "marketing_campaign.csv", "ad spend": "marketing_campaign.csv",
                       "session length": "./data/app_events.csv" }
slot en_store_colfile = { "revenue": "store_daily_sales.xlsx", "daily sales": "store_daily_sales.xlsx",
                          "order count": "./data/orders.csv", "average order value": "sales_2024.csv",
                          "refund rate": "sales_2024.csv", "stock level": "inventory.xlsx",
                          "profit": "~/reports/quarterly_revenue.xlsx" }
# no "correlation": of one column it says nothing (a correlation is between two variables, which the tool does not take)
slot en_analysis   = { "trend": "trend", "trends": "trend", "distribution": "distribution",
                       "outliers": "outliers", "anomalies": "outliers", "forecast": "forecast",
                       "summary statistics": "summary", "summary": "summary" }
slot en_column     = "revenue" | "order count" | "average order value" | "daily active users" | "refund rate" | "profit"
                   | "page views" | "conversion rate" | "stock level"
slot en_period     = { "by day": "day", "daily": "day", "by week": "week", "weekly": "week", "by month": "month",
                       "monthly": "month", "quarterly": "quarter", "by year": "year" }
slot en_img        = "~/Pictures/avatar.png" | "./images/banner.jpg" | "product.jpg" | "/data/photos/IMG_2043.jpg"
                   | "screenshot.png" | "~/Desktop/group_photo.jpg" | "logo.png" | "./assets/poster.webp"
                   | "passport_photo.jpg" | "~/Downloads/landscape.jpg"
slot en_img_op     = { "desaturate": "grayscale", "make a black-and-white copy of": "grayscale",
                       "remove the background from": "remove_background", "cut out the subject of": "remove_background",
                       "compress": "compress", "shrink the file size of": "compress", "blur": "blur", "sharpen": "sharpen" }
slot en_fmt        = { "PNG": "png", "a PNG": "png", "JPG": "jpg", "JPEG": "jpg", "WebP": "webp" }
slot en_width      = 240 | 320 | 400 | 480 | 500 | 600 | 640 | 720 | 800 | 1000 | 1024 | 1080 | 1200 | 1280 | 1440 | 1600
                  | 1920 | 2048 | 2560 | 3840  # the widths people ask for, not 1961
slot en_angle      = { "90 degrees clockwise": 90, "a quarter turn to the right": 90, "180 degrees": 180,
                       "upside down": 180, "90 degrees counterclockwise": -90, "a quarter turn to the left": -90 }
slot en_cmd        = { "check disk space": "df -h", "check memory usage": "free -h", "list the files here": "ls -la",
                       "show the running processes": "ps aux", "check the git status": "git status",
                       "show my IP address": "ip addr", "check the Python version": "python3 --version",
                       "see which containers are running": "docker ps", "check GPU usage": "nvidia-smi",
                       "see how long the system has been up": "uptime -p", "check how big this folder is": "du -sh ." }
slot en_rawcmd     = "ls -la" | "git status" | "python3 --version" | "docker ps" | "nvidia-smi" | "uname -a"
                   | "pip list" | "df -h" | "ping -c 4 example.com" | "git log --oneline -5" | "npm run build"
                   | "tail -n 50 app.log" | "make test" | "ps aux | grep nginx"
slot en_workdir    = "~/projects/website" | "/opt/app" | "./backend" | "~/code/toolc" | "/var/www/html"

slot en_amount_cond = { "over $1,000": "amount > 1000", "under $50": "amount < 50" }
slot en_datadir    = "/data/exports" | "~/reports" | "./data" | "~/analytics" | "/srv/exports"

scenario en.db.query weight 2 {
    user "Show me {en_nrows} rows from the {en_table} table"
       | "Query the {en_table} table[, limit {en_nrows}]"
       | "What {en_table} were added since {en_since}?"
       | "Pull the records created since {en_since} from the {en_table} table"
    call query_database(table=en_table, since=en_since, limit=en_nrows) -> q
    assistant "{q.total_matches} rows match; I returned {q.row_count} and exported them to {q.export_path}."
            | "Got {q.row_count} rows:{for r in q.rows}\n- #{r.id} {r.name ?? r.customer}, created {r.created}{endfor}"
}

scenario en.db.orders weight 2 {
    user "Find orders {en_order_cond}"
       | "How many orders are {en_order_cond}?"
       | "Show me all orders {en_order_cond}"
       | "List orders {en_order_cond} since {en_since}"
    call query_database(table="orders", where=en_order_cond, since=en_since) -> q
    assistant case {                              # "here are N" only where N are fewer than those that match
        when q.row_count == q.total_matches:
            "{q.total_matches} matching orders:{for o in q.rows}\n- #{o.id} from {o.customer}, ${fmt(o.amount, 2)} ({o.status}){endfor}"
          | "There are {q.total_matches} such orders, all exported to {q.export_path}."
        else: "{q.total_matches} matching orders; here are {q.row_count}:{for o in q.rows}\n- #{o.id} from {o.customer}, ${fmt(o.amount, 2)} ({o.status}){endfor}"
            | "There are {q.total_matches} such orders; the {q.row_count} returned are in {q.export_path}."
    }
}

scenario en.db.top {
    user "What are the top {en_nrows} orders by amount?"
       | "List the {en_nrows} biggest orders"
       | "Show the {en_nrows} highest-value orders"
    call query_database(table="orders", order_by="-amount", limit=en_nrows) -> q
    assistant "The {q.row_count} largest orders:{for o in q.rows}\n- #{o.id} ({o.customer}): ${fmt(o.amount, 2)}{endfor}"
}

scenario en.db.columns {
    user "Find orders {en_amount_cond}, just the order IDs and amounts"
       | "Which orders are {en_amount_cond}? Only show the ID and the amount."
       | "List the IDs and amounts of the orders {en_amount_cond}" | "Give me order IDs and amounts for orders {en_amount_cond}"
       | "I need the ID and amount of each order {en_amount_cond}"
    call query_database(table="orders", where=en_amount_cond, columns=["id", "amount"]) -> q
    assistant case {
        when q.total_matches == q.row_count: "{q.row_count} orders match:{for o in q.rows}\n- #{o.id}: ${fmt(o.amount, 2)}{endfor}"
        else: "{q.total_matches} orders match; the first {q.row_count}:{for o in q.rows}\n- #{o.id}: ${fmt(o.amount, 2)}{endfor}"
    }
}

scenario en.db.vague {
    user "Query the database for me"
       | "Pull {en_nrows} records from the database"
       | "Get me the data added since {en_since}"
    ask "Which table: orders, customers, products or employees?" | "Sure, which table should I query?"
    user "{en_table}" | "The {en_table} table." | "Use {en_table}."
    call query_database(table=en_table, since=en_since, limit=en_nrows) -> q
    assistant "Returned {q.row_count} rows from {q.table} ({q.total_matches} match)."
}

scenario en.data.analyze weight 2 {
    user "Analyze {en_colfile} in {en_colfile.value}: I need the {en_analysis}"
       | "{en_colfile.value}: {en_analysis} of {en_colfile}, please"
       | "Check {en_colfile.value} for {en_analysis} in {en_colfile}"
       | "Look at {en_colfile} {en_period} in {en_colfile.value} and give me the {en_analysis}"
    call analyze_data(file_path=en_colfile, analysis=en_analysis, column=en_colfile.text, period=en_period) -> a
    assistant case {
        when a.analysis == "trend": "The data in {en_colfile.value} is {a.trend}: {a.change_pct}% per period, mean {a.mean}."
        when a.analysis == "forecast": "The forecast for the next period is {a.next_value}, from {a.last_value} in the latest (trend: {a.trend}, {a.change_pct}% per period); the mean so far is {a.mean}."
        when a.analysis == "distribution": "Values range from {a.minimum} to {a.maximum}, median {a.median}, skewness {a.skewness}."
        when a.analysis == "outliers": "I found {a.outliers} outliers; values range from {a.minimum} to {a.maximum}, mean {a.mean}."
        else: "Done: {a.count} values, mean {a.mean}, median {a.median}, standard deviation {a.std}."
    }
}

scenario en.data.group {
    user "Break down {en_store_colfile} in {en_store_colfile.value} by store"
       | "Group {en_store_colfile.value} by store and summarize {en_store_colfile}"
       | "Show {en_store_colfile} per store from {en_store_colfile.value}"
    call analyze_data(file_path=en_store_colfile, column=en_store_colfile.text, group_by="store") -> a
    assistant "Grouped into {a.groups} stores: overall mean {en_store_colfile} {a.mean}, median {a.median}; the {a.top_group} store has the highest mean, {a.top_group_mean}."
}

# The user names the column, then the file when asked (`en_colfile` pairs them: the column alone does not say the file,
# which the compiler would otherwise ask for with the tool's own question)
scenario en.data.vague {
    user "Can you analyze {en_colfile} for me?"
       | "Run a data analysis on {en_colfile}"
       | "I need the stats for {en_colfile}"
    ask "Sure, which file should I analyze?" | "Which data file is it?"
    user "{en_colfile.value}" | "It's {en_colfile.value}." | "Use {en_colfile.value}."
    call analyze_data(file_path=en_colfile, column=en_colfile.text) -> a
    assistant "{a.count} values analyzed: mean {a.mean}, standard deviation {a.std}."
}

# Chain: find the newest CSV file, then analyze it.
scenario en.data.chain weight 2 {
    user "Find the newest CSV file in {en_datadir} and give me the {en_analysis} of {en_column}"
       | "Take the most recently modified CSV in {en_datadir} and show me its {en_analysis}"
    call list_files(directory=en_datadir, pattern="*.csv", sort_by="modified") -> f
    call analyze_data(file_path=f[0].path, analysis=en_analysis, column=en_column) -> a
    assistant case {                              # the reply answers the analysis asked for
        when a.analysis == "trend": "The newest file is {f[0].path} (modified {f[0].modified}); it is {a.trend}: {a.change_pct}% per period, mean {a.mean}."
        when a.analysis == "forecast": "The newest file is {f[0].path} (modified {f[0].modified}); the next period is forecast at {a.next_value}, from {a.last_value} in the latest (trend: {a.trend})."
        when a.analysis == "distribution": "The newest file is {f[0].path} (modified {f[0].modified}); values range from {a.minimum} to {a.maximum}, median {a.median}, skewness {a.skewness}."
        when a.analysis == "outliers": "The newest file is {f[0].path} (modified {f[0].modified}); I found {a.outliers} outliers between {a.minimum} and {a.maximum}."
        else: "The newest file is {f[0].path} (modified {f[0].modified}): {a.count} values, mean {a.mean}, median {a.median}, standard deviation {a.std}."
    }
}

scenario en.image.edit weight 2 {
    user "Please {en_img_op} {en_img}"
       | "Can you {en_img_op} {en_img}?"
       | "Could you {en_img_op} {en_img} and save it as {en_fmt}?"
       | "I need you to {en_img_op} {en_img}[, output {en_fmt}]"
    call process_image(image_path=en_img, operation=en_img_op, output_format=en_fmt) -> p
    assistant "Done, saved as {p.format} to {p.output_path}." | "All set: {p.output_path} ({p.size_kb} KB)."
}

scenario en.image.resize {
    user "Resize {en_img} to {en_width} pixels wide"
       | "Make {en_img} {en_width}px wide"
       | "Scale {en_img} to a width of {en_width}"
    call process_image(image_path=en_img, operation="resize", width=en_width) -> p
    assistant "Resized to {p.size.width}×{p.size.height} px (from {p.original.width}×{p.original.height}) and saved to {p.output_path}."
}

scenario en.image.rotate {
    user "Rotate {en_img} {en_angle}"
       | "Turn {en_img} {en_angle}"
       | "Can you rotate {en_img} {en_angle}?"
    call process_image(image_path=en_img, operation="rotate", angle=en_angle) -> p
    assistant "Rotated: it's now {p.size.width}×{p.size.height} px, saved to {p.output_path}."
}

scenario en.image.vague {
    user "Edit an image for me"
       | "Can you fix up a photo?"
       | "I have a picture that needs some work"
    ask "Sure. Which image, and what should I do to it?" | "Which file is it, and what edit do you need?"
    user "Just {en_img_op} {en_img}" | "Please {en_img_op} {en_img}." | "It's {en_img}. Please {en_img_op} it."
    call process_image(image_path=en_img, operation=en_img_op) -> p
    assistant "Done, saved to {p.output_path}."
}

scenario en.cmd.run weight 2 {
    user "Can you {en_cmd}?"
       | "Please {en_cmd} on my machine"
       | "I need to {en_cmd}"
       | "Use the terminal to {en_cmd}"
    call run_command(command=en_cmd) -> o
    assistant "Done (exit code {o.exit_code}):\n{o.stdout}" | "Here's the output:\n{o.stdout}"
}

scenario en.cmd.raw weight 2 {
    user "Run {en_rawcmd}"
       | "Execute `{en_rawcmd}`"
       | "Run `{en_rawcmd}` in the terminal[, please]"
       | "In {en_workdir}, run {en_rawcmd}"
    call run_command(command=en_rawcmd, working_dir=en_workdir) -> o
    assistant "Finished in {o.duration_ms} ms:\n{o.stdout}"
}

scenario en.cmd.vague {
    user "Run a command for me"
       | "Can you execute something in the shell?"
       | "Run something in {en_workdir}"
    ask "Sure, which command?" | "What command should I run?"
    user "{en_rawcmd}" | "`{en_rawcmd}`" | "Run {en_rawcmd}, please."
    call run_command(command=en_rawcmd, working_dir=en_workdir) -> o
    assistant "Output:\n{o.stdout}"
}

# ------------------------------------------------------------------------------------------ errors, sessions, declined commands

# column names as users say them (the orders table has none of them: query_database's unknown_column) and
# the column each one means
slot en_badcol   = { "total": "amount", "date": "created", "customer_name": "customer", "order_id": "id" }
slot en_risky    = "rm -rf node_modules" | "git reset --hard HEAD~1" | "sudo reboot" | "docker system prune -a"
                 | "rm -rf ./build" | "git push --force" | "sudo apt upgrade -y" | "kill -9 1822"

# Error and retry with corrected arguments: the column names the user said are not the table's.
scenario en.db.columns_retry {
    user "Show me orders {en_amount_cond}, only the {en_badcol} and status columns"
       | "List orders {en_amount_cond} with just the {en_badcol} and status columns"
    call query_database(table="orders", where=en_amount_cond, columns=[en_badcol.text, "status"]) fails unknown_column
    call query_database(table="orders", where=en_amount_cond, columns=[en_badcol, "status"]) -> q
    assistant "The orders table has no {en_badcol} column, so I used {lower(en_badcol)} instead. {q.total_matches} orders match; the first of the {q.row_count} returned is {q.rows[0].status}."
}

# Error, explained: the database is busy.
scenario en.db.timeout {
    user "Find orders {en_order_cond}" | "Show me all orders {en_order_cond}"
    call query_database(table="orders", where=en_order_cond) -> q fails timeout 100%
    assistant "The query timed out: the database is busy right now. Want me to try again in a moment, or narrow it down, say to the last month?"
}

# A session: a query with a column list, then the export emailed as an attachment (confirmed first).
scenario en.db.session {
    user "Find orders {en_order_cond}, just the IDs and amounts" | "Show me the orders {en_order_cond}; I only need the order IDs and amounts"
    call query_database(table="orders", where=en_order_cond, columns=["id", "amount"]) -> q2
    assistant "{q2.total_matches} orders match. The first {q2.row_count}, starting with #{q2.rows[0].id} (${fmt(q2.rows[0].amount, 2)}), are exported to {q2.export_path}."
    user "Email that export to {en_email}" | "Send the file to {en_email}, please"
    call send_email(to=en_email, subject="Orders export", body="Attached is the orders export you asked for.",
                    attachments=[q2.export_path]) -> m
    assistant "Sent {q2.export_path} to {m.to}."
}

scenario en.cmd.declined {
    user "Run {en_risky}" | "Execute `{en_risky}`" | "Go ahead and run `{en_risky}`[ in {en_workdir}]"
    call run_command(command=en_risky, working_dir=en_workdir) declined
    assistant "OK, I didn't run it." | "Understood, nothing was executed."
}
