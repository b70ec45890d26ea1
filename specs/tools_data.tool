# Tools for data and system work: query_database, analyze_data, process_image, run_command.
# Shared by data_zh.tool and data_en.tool (see tools_travel.tool for the language conventions).
# A query returns min(limit, matches) rows, each satisfying the WHERE condition and `since`, only the
# columns asked for, in the order asked for; the WHERE texts the scenarios use are keys of the maps below
# (a value range per condition). Analysis statistics are consistent (min <= median, mean <= max); an edited
# image has the width, height and format asked for; a command's output is the real output of that command.

locale en_US
import "pools_data_zh.tool"
import "pools_data_en.tool"

# a uniform draw in [0, 1) with six decimals, for values computed inside `case` arms
slot u6 = int(0..999999)

# ------------------------------------------------------------------------------------------ database

# the values a row may have under each WHERE condition (`*`: conditions that do not constrain the column)
slot amount_lo    = { "amount > 1000": 1000.5, "amount < 50": 5.0, "*": 12.0 }
slot amount_hi    = { "amount > 1000": 6000.0, "amount < 50": 49.9, "*": 3000.0 }
slot quantity_lo  = { "quantity > 3": 4, "*": 1 }
slot quantity_hi  = { "quantity > 3": 12, "*": 6 }
slot order_status = { "status = 'shipped'": "shipped", "status = 'pending'": "pending", "status = 'refunded'": "refunded",
                      "*": "" }
# how many days old an order of a status is: a pending order was placed in the last two days, a shipped one within
# the week; delivered and refunded ones are older (an order without a status condition gets the status its age gives)
slot order_age_lo = { "status = 'shipped'": 1, "status = 'refunded'": 5, "*": 0 }
slot order_age_hi = { "status = 'pending'": 1, "status = 'shipped'": 6, "*": 365 }
slot customer_level = "regular" | "silver" | "gold" | "platinum"

tool query_database "Query the company's sales database (read-only): at most `limit` rows that satisfy `where` and `since`, also exported to a CSV file." {
    table: "orders" | "customers" | "products" | "employees"   "Table to query"
                                                  ask zh "请问要查询哪张表：订单、客户、产品还是员工？"
                                                  ask en "Which table: orders, customers, products or employees?"
    where: string?                                "SQL WHERE condition, e.g. amount > 1000"
    since: date?                                  "Only rows created on or after this date, YYYY-MM-DD"
    order_by: string?                             "Column to sort by; prefix with - for descending"
    limit: int(1..1000) = 10                      "Maximum rows to return"
    columns: list[string]?                        "Columns to return; all columns when omitted"
    returns {
        table: string = table
        # how many rows match: a filtered query matches fewer rows than a whole table
        total_matches: int(case { when ((where != "") ?? false) or ((since != "") ?? false): 2 else: 20 }..
                           case { when ((where != "") ?? false) or ((since != "") ?? false): 60 else: 400 })
        rows: list[{
            id: int? = case { when ("id" in columns) ?? true: 10000 + u6 % 90000 }
            customer: string? = case { when table == "orders" and (("customer" in columns) ?? true): person }
            name: string? = case { when table == "products" and (("name" in columns) ?? true): product_name
                                   when table != "orders" and (("name" in columns) ?? true): person }
            amount: float? = case { when table == "orders" and (("amount" in columns) ?? true):
                                        round(amount_lo[where] + (u6 / 1000000) * (amount_hi[where] - amount_lo[where]), 2) }
            quantity: int? = case { when table == "orders" and (("quantity" in columns) ?? true):
                                        quantity_lo[where] + round((u6 / 1000000) * (quantity_hi[where] - quantity_lo[where])) }
            status: string? = case {
                when table == "orders" and (("status" in columns) ?? true) and order_status[where] != "": order_status[where]
                when table == "orders" and (("status" in columns) ?? true) and days_between(created ?? today - 30, today) <= 1:
                    "pending" | "paid"
                when table == "orders" and (("status" in columns) ?? true) and days_between(created ?? today - 30, today) <= 5:
                    "paid" | "shipped"
                when table == "orders" and (("status" in columns) ?? true):
                    "delivered" | "delivered" | "delivered" | "delivered" | "delivered" | "delivered" | "refunded"
            }
            payment_method: string? = case { when table == "orders" and (("payment_method" in columns) ?? true):
                                                 pay_method[where] }
            city: string? = case {
                when table in ["orders", "customers"] and (("city" in columns) ?? true) and where_city[where] != "":
                    where_city[where]
                when table in ["orders", "customers"] and (("city" in columns) ?? true): order_city
            }
            level: string? = case { when table == "customers" and (("level" in columns) ?? true): customer_level }
            # the product's own price (pools_data_*.tool: product_price), of some product where the name is not asked for
            price: float? = case { when table == "products" and (("price" in columns) ?? true):
                                       round(product_price[name ?? product_name] * (0.7 + (u6 / 1000000) * 0.6), 2) }
            stock: int? = case { when table == "products" and (("stock" in columns) ?? true): round((u6 / 1000000) * 500) }
            department: string? = case { when table == "employees" and (("department" in columns) ?? true): department }
            # within `since`, and for orders within the age of their status
            created: date? = case {
                when table == "orders" and (("created" in columns) ?? true):
                    today - min(order_age_lo[where], min(order_age_hi[where], days_between(since ?? today - 365, today)))
                          - round((u6 / 1000000) * max(0, min(order_age_hi[where], days_between(since ?? today - 365, today))
                                                          - order_age_lo[where]))
                when ("created" in columns) ?? true:
                    today - round((u6 / 1000000) * days_between(since ?? today - 365, today))
            }
        }](min(limit, total_matches))
          sorted by order_by { "-amount": amount desc, "amount": amount, "-created": created desc, "created": created,
                               "-id": id desc, "id": id }
        row_count: int = len(rows)
        export_path: string = "exports/{table}_{today}.csv"
    }
    # column names as users say them, which the tables do not have (data_*.tool: db.columns_retry)
    error unknown_column "Unknown column in {columns}. The columns of each table: id, customer, amount, quantity, status, payment_method, city, created (orders); id, name, city, level, created (customers); id, name, price, stock, created (products); id, name, department, created (employees)."
        | zh "{columns}中有未知列。各表的列：id, customer, amount, quantity, status, payment_method, city, created (orders); id, name, city, level, created (customers); id, name, price, stock, created (products); id, name, department, created (employees)。"
        when (("total" in columns) or ("date" in columns) or ("customer_name" in columns) or ("order_id" in columns)
              or ("金额" in columns) or ("日期" in columns) or ("客户" in columns) or ("订单号" in columns)) ?? false
    error timeout "The query timed out after 30 seconds; the database is busy. Try again or narrow the query."
        | zh "查询超时（30秒）：数据库繁忙。请稍后重试，或缩小查询范围。" rate 5%
}

# ------------------------------------------------------------------------------------------ analysis

slot trend_kind = "rising" | "falling" | "flat"

# the largest value a column of the bundled data files holds: rates are percentages, counts and amounts larger;
# without a column, the largest value of the file (the files the office pools give contents to: temperatures in
# degrees Celsius, grades out of 100, an experiment's doses in mg)
slot column_top = { "refund rate": 30, "conversion rate": 40, "retention rate": 60, "bounce rate": 70,
                    "退款率": 30, "转化率": 40, "留存率": 60, "跳出率": 70,
                    "session length": 900, "使用时长": 900,
                    "temperatures.csv": 40, "温度记录.csv": 40, "grades.csv": 100, "成绩.csv": 100,
                    "experiment.csv": 40, "实验数据.csv": 40, "*": 5500 }

tool analyze_data "Run a statistical analysis on a CSV or Excel file." {
    file_path: string                             "Path of the data file (.csv or .xlsx)"
                                                  ask zh "请问要分析哪个数据文件？"
                                                  ask en "Which data file should I analyze?"
    analysis: "summary" | "trend" | "correlation" | "distribution" | "outliers" | "forecast" = "summary"
                                                  "Kind of analysis"
    column: string?                               "Target column; every numeric column when omitted"
    group_by: string?                             "Column to group rows by before analysing"
    period: "day" | "week" | "month" | "quarter" | "year"?   "Time bucket for trend and forecast"
    returns {
        file_path: string = file_path
        analysis: string = analysis
        column: string? = column
        group_by: string? = group_by
        groups: int? = case { when (group_by != "") ?? false: 3 + round((u6 / 1000000) * 27) }
        # a breakdown names its best group: the one with the highest mean, at or above the overall mean and, with
        # groups of even size, at most std * sqrt(groups - 1) above it (the spread between groups is part of the
        # spread of all values): 1.4 std holds for any count of groups from 3
        top_group: string? = case { when (group_by != "") ?? false: store_name }
        top_group_mean: float? = case { when (group_by != "") ?? false:
                                        round(mean + (u6 / 1000000) * min(maximum - mean, 1.4 * std), 1) }
        period: string? = period
        # enough values for the spread: one value at each extreme alone gives a (population) variance of at least
        # ((max - mean)^2 + (mean - min)^2) / count, so 45 values with mean 351 cannot reach 3605 with std 135
        # (a data export of a listing has its rows: tools_office.tool, data_rows)
        count: int(max(30, round(((maximum - mean) * (maximum - mean) + (mean - minimum) * (mean - minimum)) / (std * std)) + 1,
                       data_rows[basename(file_path)] ?? 0)..data_rows[basename(file_path)] ?? 20000)
        # possible together: min < mean < max, std^2 <= (max - mean)(mean - min), |mean - median| <= std; the values
        # fit the column (`column_top`: a rate is a percentage, not 3628) and reach half its top at least (the
        # best of a class's grades is not 5 out of 100)
        minimum: float(0.0..column_top[column ?? basename(file_path)] / 11)
        maximum: float(max(minimum + column_top[column ?? basename(file_path)] / 110, column_top[column ?? basename(file_path)] / 2)..minimum + column_top[column ?? basename(file_path)] * 10 / 11)
        # and no value further than 12 standard deviations from the rest (a range of 68 std beside a skewness of 1.3
        # was possible): std at least a twelfth of the range, the mean that far from either end
        mean: float(minimum + (maximum - minimum) / 12..maximum - (maximum - minimum) / 12)
        std: float((maximum - minimum) / 12..min(maximum - mean, mean - minimum))
        median: float(max(minimum, mean - std)..min(maximum, mean + std))
        # per analysis: the trend and its change per period, a forecast that continues it, ...
        trend: "rising" | "falling" | "flat"? = case { when analysis in ["trend", "forecast"]: trend_kind }
        change_pct: float? = case { when trend == "rising": round(1 + (u6 / 1000000) * 30, 1)
                                    when trend == "falling": round(-1 - (u6 / 1000000) * 30, 1)
                                    when trend == "flat": round((u6 / 1000000) * 1.8 - 0.9, 1) }
        # a forecast continues the series from where it ends -- a rising one near its top, a falling one near its
        # bottom, a flat one about its mean (a falling series whose lowest value is 405 is not forecast at 2344 from
        # its mean of 2869)
        last_value: float? = case { when analysis == "forecast" and trend == "rising":
                                        round(maximum - (u6 / 1000000) * (maximum - median) / 2, 1)
                                    when analysis == "forecast" and trend == "falling":
                                        round(minimum + (u6 / 1000000) * (median - minimum) / 2, 1)
                                    when analysis == "forecast": round(mean + ((u6 / 1000000) - 0.5) * std, 1) }
        next_value: float? = case { when analysis == "forecast": round(last_value * (1 + change_pct / 100), 2) }
        correlation: float? = case { when analysis == "correlation": round((u6 / 1000000) * 2 - 1, 2) }
        outliers: int? = case { when analysis == "outliers": round((u6 / 1000000) * 25) }
        # Pearson's median skewness, 3 (mean - median) / std (within -3..3 as |mean - median| <= std): its sign is the
        # side the mean leans to (https://en.wikipedia.org/wiki/Skewness#Pearson's_second_skewness_coefficient)
        skewness: float? = case { when analysis == "distribution": round(3 * (mean - median) / std, 2) }
    }
}

# ------------------------------------------------------------------------------------------ images

slot image_format = { "jpg": "jpg", "jpeg": "jpg", "png": "png", "webp": "webp" }

# Each image the scenarios name has one size, the size such a file has (a 2-inch ID photo at 300 dpi is 413x579, an
# A4 poster 2480x3508, a phone photo 4032x3024, a screenshot the screen's resolution), so the same file reads the
# same in every row; any other file is a 12-megapixel photo.
slot image_width  = { "avatar.png": 512, "头像.png": 512, "banner.jpg": 1920, "product.jpg": 2000, "产品图.jpg": 2000,
                      "IMG_2043.jpg": 4032, "screenshot.png": 2560, "截图2024.png": 1920, "group_photo.jpg": 6000,
                      "合影.jpg": 6000, "logo.png": 1024, "poster.webp": 2480, "海报.webp": 2480,
                      "passport_photo.jpg": 600, "证件照.jpg": 413, "landscape.jpg": 5472, "风景.jpg": 5472, "*": 4032 }
slot image_height = { "avatar.png": 512, "头像.png": 512, "banner.jpg": 600, "product.jpg": 2000, "产品图.jpg": 2000,
                      "IMG_2043.jpg": 3024, "screenshot.png": 1440, "截图2024.png": 1080, "group_photo.jpg": 4000,
                      "合影.jpg": 4000, "logo.png": 1024, "poster.webp": 3508, "海报.webp": 3508,
                      "passport_photo.jpg": 600, "证件照.jpg": 579, "landscape.jpg": 3648, "风景.jpg": 3648, "*": 3024 }
# Bytes per pixel of a saved image, by format (a photo as JPEG at quality 85 takes 0.15..0.35, as WebP about half
# that, as PNG two to four times it); `compress` keeps a quarter to a half of that.
slot image_bpp_lo = { "jpg": 0.15, "png": 0.3, "webp": 0.07 }
slot image_bpp_hi = { "jpg": 0.35, "png": 1.2, "webp": 0.18 }
slot image_keep_lo = { "compress": 0.25, "*": 1 }
slot image_keep_hi = { "compress": 0.5, "*": 1 }

tool process_image "Edit an image file and save the result as a new file under edited/." {
    image_path: string                            "Path of the source image"
                                                  ask zh "请问要处理哪张图片？"
                                                  ask en "Which image should I edit?"
    operation: "resize" | "crop" | "rotate" | "grayscale" | "blur" | "sharpen" | "compress" | "remove_background"
                                                  "Edit to apply"
                                                  ask zh "请问要对图片做什么处理？"
                                                  ask en "What should I do to the image?"
    width: int(1..10000)?                         "Target width in pixels (resize, crop); keeps the aspect ratio when height is omitted"
    height: int(1..10000)?                        "Target height in pixels (resize, crop)"
    angle: int(-360..360)?                        "Rotation in degrees, clockwise (rotate)"
    quality: int(1..100)?                         "Output quality (compress)"
    output_format: "png" | "jpg" | "webp"?        "Output format; same as the input when omitted"
    returns {
        output_path: string = "edited/{stem(image_path)}_{operation}.{output_format ?? image_format[suffix(image_path)]}"
        format: string = output_format ?? image_format[suffix(image_path)]
        original: { width: int = image_width[basename(image_path)], height: int = image_height[basename(image_path)] }
        # the saved size: what the call asked for (`args.`: the arguments, not this object's fields of the same name)
        size: {
            width: int = case {
                when operation == "resize" or operation == "crop":
                    args.width ?? round((args.height ?? original.height) * original.width / original.height)
                when operation == "rotate" and abs(angle ?? 0) % 180 == 90: original.height
                else: original.width
            }
            height: int = case {
                when operation == "resize": args.height ?? round(width * original.height / original.width)
                when operation == "crop": args.height ?? original.height
                when operation == "rotate" and abs(angle ?? 0) % 180 == 90: original.width
                else: original.height
            }
        }
        # the file size follows the saved pixels and format
        size_kb: int(max(4, round(size.width * size.height * image_bpp_lo[format] / 1024
                                  * image_keep_lo[operation]))
                     ..max(5, round(size.width * size.height * image_bpp_hi[format] / 1024
                                    * image_keep_hi[operation])))
    }
}

# ------------------------------------------------------------------------------------------ shell

# the output of every command the scenarios run, and how long it takes (ms); a process listing ends where its own
# process (ps, grep) starts, and the log's lines are written below (run_command's stdout)
slot command_output = {
    "df -h": "Filesystem      Size  Used Avail Use% Mounted on\n/dev/nvme0n1p2  468G  201G  244G  46% /\ntmpfs           7.8G  2.1M  7.8G   1% /dev/shm\n/dev/nvme0n1p1  511M  6.1M  505M   2% /boot/efi"
  , "free -h": "               total        used        free      shared  buff/cache   available\nMem:            15Gi       6.2Gi       3.1Gi       412Mi       6.0Gi       8.7Gi\nSwap:          2.0Gi          0B       2.0Gi"
  , "ls -la": "total 24\ndrwxr-xr-x  5 user user 4096 Mar 14  2024 .\ndrwxr-xr-x 32 user user 4096 Jan  9  2024 ..\n-rw-r--r--  1 user user  220 Mar 14  2024 .bashrc\ndrwxr-xr-x  8 user user 4096 Mar 14  2024 .git\n-rw-r--r--  1 user user 1523 Mar 12  2024 README.md\ndrwxr-xr-x  3 user user 4096 Mar 10  2024 src"
  , "ps aux": "USER   PID %CPU %MEM    VSZ    RSS TTY   STAT START  TIME COMMAND\nroot     1  0.0  0.1 167744  11800 ?     Ss   Mar14  0:09 /sbin/init\nuser  1822  2.3  4.1 3264104 662840 ?    Sl   Mar14 12:41 python3 app.py\nuser  2471  0.0  0.0  10072   3300 pts/0 R+   "
  , "git status": "On branch main\nYour branch is up to date with 'origin/main'.\n\nChanges not staged for commit:\n  modified:   src/app.py\n\nno changes added to commit (use \"git add\" and/or \"git commit -a\")"
  , "ip addr": "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\n    inet 127.0.0.1/8 scope host lo\n2: wlp2s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n    inet 192.168.1.42/24 brd 192.168.1.255 scope global dynamic wlp2s0"
  , "python3 --version": "Python 3.11.9"
  , "docker ps": "CONTAINER ID   IMAGE         STATUS      PORTS                    NAMES\n3f2a9c1d7b44   postgres:16   Up 3 days   0.0.0.0:5432->5432/tcp   db\n8e1b0f6a2c19   redis:7       Up 3 days   0.0.0.0:6379->6379/tcp   cache"
  , "nvidia-smi": "+---------------------------------------------------------------+\n| NVIDIA-SMI 550.54.14   Driver Version: 550.54.14   CUDA Version: 12.4 |\n| GPU  Name        Memory-Usage          GPU-Util               |\n|   0  RTX 4090    10240MiB / 24564MiB   37%                    |\n+---------------------------------------------------------------+"
  , "uptime -p": "up 2 weeks, 3 days, 4 hours, 12 minutes"
  , "du -sh .": "1.3G\t."
  , "uname -a": "Linux workstation 6.8.0-45-generic #45-Ubuntu SMP PREEMPT_DYNAMIC x86_64 x86_64 x86_64 GNU/Linux"
  , "pip list": "Package    Version\n---------- -------\nnumpy      1.26.4\npandas     2.2.2\nrequests   2.32.3\nsetuptools 69.5.1"
  , "ping -c 4 baidu.com": "PING baidu.com (110.242.68.66) 56(84) bytes of data.\n64 bytes from 110.242.68.66: icmp_seq=1 ttl=52 time=28.4 ms\n64 bytes from 110.242.68.66: icmp_seq=2 ttl=52 time=27.9 ms\n64 bytes from 110.242.68.66: icmp_seq=3 ttl=52 time=28.1 ms\n64 bytes from 110.242.68.66: icmp_seq=4 ttl=52 time=28.6 ms\n--- baidu.com ping statistics ---\n4 packets transmitted, 4 received, 0% packet loss, time 3004ms"
  , "ping -c 4 example.com": "PING example.com (93.184.215.14) 56(84) bytes of data.\n64 bytes from 93.184.215.14: icmp_seq=1 ttl=56 time=11.2 ms\n64 bytes from 93.184.215.14: icmp_seq=2 ttl=56 time=10.9 ms\n64 bytes from 93.184.215.14: icmp_seq=3 ttl=56 time=11.4 ms\n64 bytes from 93.184.215.14: icmp_seq=4 ttl=56 time=11.0 ms\n--- example.com ping statistics ---\n4 packets transmitted, 4 received, 0% packet loss, time 3005ms"
  , "git log --oneline -5": "a3f9c21 Fix pagination in the order list\n7b2e410 Add CSV export\n19c4d8e Update dependencies\ne5a0b37 Refactor the login handler\nc81f6d2 Initial commit"
  , "npm run build": "> website@1.4.0 build\n> vite build\n\nvite v5.2.8 building for production...\n✓ 142 modules transformed.\ndist/index.html                 0.46 kB\ndist/assets/index-4f8a2c1b.js  143.27 kB\n✓ built in 3.84s"
  , "tail -n 50 app.log": ""
  , "make test": "pytest -q\n........................................ [100%]\n40 passed in 2.31s"
  , "ps aux | grep nginx": "root      1021  0.0  0.1  55284  1532 ?      Ss   Mar14   0:00 nginx: master process /usr/sbin/nginx\nwww-data  1022  0.0  0.2  55900  5212 ?      S    Mar14   0:12 nginx: worker process\nuser      2480  0.0  0.0   6432   720 pts/0  S+   "
}
slot command_ms_lo = { "ping -c 4 baidu.com": 3010, "ping -c 4 example.com": 3010, "npm run build": 4100, "make test": 2500, "pip list": 300, "docker ps": 40, "nvidia-smi": 60, "*": 5 }
slot command_ms_hi = { "ping -c 4 baidu.com": 3150, "ping -c 4 example.com": 3150, "npm run build": 4900, "make test": 3300, "pip list": 900, "docker ps": 250, "nvidia-smi": 400, "*": 240 }

tool run_command "Run a shell command on the user's machine and return its output." {
    command: string                               "The shell command line"
                                                  ask zh "请问要执行什么命令？"
                                                  ask en "Which command should I run?"
    working_dir: string?                          "Directory to run in; the home directory when omitted"
    timeout_s: int(1..600) = 30                   "Stop the command after this many seconds"
    returns {
        command: string = command
        working_dir: string? = working_dir
        exit_code: int = 0
        # ps and grep list themselves as started just now (the user's local time); the log is the one read_file
        # shows for app.log (tools_office.tool), dated from the reference date
        stdout: string = case {
            when command == "ps aux": command_output[command] + tz_time(user_tz) + "  0:00 ps aux"
            when command == "ps aux | grep nginx": command_output[command] + tz_time(user_tz) + "   0:00 grep nginx"
            when command == "tail -n 50 app.log":
                (today - 30) + " 08:00:01 INFO  service started\n" + (today - 30) + " 08:00:02 INFO  listening on :8080\n" + (today - 30) + " 08:15:37 WARN  slow query took 2.3s\n" + (today - 30) + " 08:20:11 ERROR request timeout after 30s"
            else: command_output[command] }
        duration_ms: int(command_ms_lo[command]..command_ms_hi[command])
    } where duration_ms <= timeout_s * 1000
    # running a command has side effects: the assistant shows the command line and asks first
    confirm zh "将[在{working_dir}下]执行命令：{command}。确认执行吗？"
          | en "I'll run `{command}`[ in {working_dir}]. OK to go ahead?"
}
