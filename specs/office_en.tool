# Email and files (English): send, clarification, list, read, list -> read chain, search -> email and
# translate -> email chains. Listed files lie in the directory asked for, match the pattern and come in the
# order asked for; a file's content and its line count agree.

locale en_US
import "tools_office.tool"
import "tools_info.tool"
import "info_en.tool"

slot en_dir      = "~/Documents" | "~/Downloads" | "~/Desktop" | "/var/log" | "./src" | "~/Pictures" | "/data/reports"
                 | "C:/Users/alex/Projects" | "~/Documents/contracts" | "/home/admin/backup" | "~/projects/website"
                 | "/opt/app/config"
slot en_ftype    = { "PDFs": "*.pdf", "PDF files": "*.pdf", "Word documents": "*.docx", "spreadsheets": "*.xlsx",
                     "JPEGs": "*.jpg", "Python scripts": "*.py", "log files": "*.log", "zip archives": "*.zip",
                     "Markdown files": "*.md", "CSV files": "*.csv", "text files": "*.txt" }
slot en_textftype = { "Markdown files": "*.md", "text files": "*.txt", "log files": "*.log", "CSV files": "*.csv",
                      "Python scripts": "*.py" }
slot en_sort_files = { "by size": "size", "by date modified": "modified", "by name": "name" }
slot en_path     = "~/notes/todo.txt" | "/etc/hosts" | "./README.md" | "~/Documents/meeting-notes.txt"
                 | "/var/log/nginx/error.log" | "config.yaml" | "~/Desktop/shopping-list.txt" | "./docs/api.md"
                 | "/data/reports/weekly.txt" | "requirements.txt" | "~/journal/2024.md" | "/opt/app/config/settings.ini"
slot en_fpath    = faker.file_path(depth=2, extension="txt")
slot en_lines    = int(10..200)
slot en_email    = faker.email
slot en_subject  = "Friday meeting moved" | "Q3 report draft" | "Project status update" | "Time-off request"
                 | "Contract feedback" | "Travel plans for next week" | "Interview invitation" | "Invoice attached"
                 | "Team outing sign-up" | "Scheduled maintenance tonight" | "Launch plan" | "Budget approval needed"
slot en_body     = "The meeting is moved to Monday at 10 am, same room." | "Attached is the Q3 report draft; please review."
                 | "We're 80% done and on track to ship by the end of the month." | "I'd like to take next Tuesday off; my work is covered."
                 | "Clause 3 needs another look regarding payment terms." | "Flights are booked; we leave Wednesday morning."
                 | "Please join us for an interview tomorrow at 2 pm." | "The invoice is ready; please find it attached."
                 | "The team outing is this Saturday; please sign up." | "The system will be down from 10 pm to midnight."
slot en_priority = { "urgent": "high", "high-priority": "high", "important": "high", "low-priority": "low", "not urgent": "low" }
slot en_topic    = "latest advances in artificial intelligence" | "best-selling electric cars this year"
                 | "LoRA fine-tuning for large language models" | "Rust vs Go performance" | "remote work productivity tips"
                 | "climate change report 2024" | "PostgreSQL index tuning" | "marathon training plan for beginners"

scenario en.files.list weight 2 {
    user "What's in {en_dir}?"
       | "List the {en_ftype} in {en_dir}"
       | "Show me the files in {en_dir}"
       | "Are there any {en_ftype} in {en_dir}?"
       | "Find {en_ftype} in {en_dir}[ for me]"
    call list_files(directory=en_dir, pattern=en_ftype) -> f
    assistant "I found {len(f)} files in {en_dir}, including {f[0].path} ({f[0].size_kb} KB) and {f[1].path} ({f[1].size_kb} KB)."
            | "{len(f)} files; the first is {f[0].name}, last modified {f[0].modified}."
}

scenario en.files.recursive {
    user "Recursively list all {en_ftype} under {en_dir}"
       | "Find all {en_ftype} in {en_dir}, including subfolders"
       | "Search {en_dir} and all its subdirectories for {en_ftype}"
    call list_files(directory=en_dir, pattern=en_ftype, recursive=true) -> f
    assistant "Found {len(f)} files under {en_dir}, including {f[0].path} and {f[1].path}."
}

scenario en.files.largest {
    user "What's taking up the most space in {en_dir}?"
       | "Show me the biggest files in {en_dir}"
       | "Which file in {en_dir} is the largest?"
    call list_files(directory=en_dir, sort_by="size") -> f
    assistant "The largest is {f[0].path} ({f[0].size_kb} KB), followed by {f[1].path} ({f[1].size_kb} KB)."
}

scenario en.files.sorted {
    user "List the {en_ftype} in {en_dir} {en_sort_files}"
       | "Sort the {en_ftype} in {en_dir} {en_sort_files}"
    call list_files(directory=en_dir, pattern=en_ftype, sort_by=en_sort_files) -> f
    assistant "{len(f)} matching files in {en_dir}; first comes {f[0].name} ({f[0].size_kb} KB, modified {f[0].modified})."
}

scenario en.files.read weight 2 {
    user "Open {en_path}"
       | "What's in {en_path}?"
       | "Read {en_path} for me"
       | "Show me the first {en_lines} lines of {en_path}"
       | "Print {en_path}[, just the first {en_lines} lines]"
    call read_file(path=en_path, max_lines=en_lines) -> c
    assistant "{en_path} has {c.line_count} lines:\n{c.content}" | "Here's the content:\n{c.content}"
}

scenario en.files.read_more {
    user "Read {en_fpath}"
       | "Open the file {en_fpath} and show me what it says"
       | "Can you display {en_fpath}?"
    call read_file(path=en_fpath) -> c
    assistant "Contents of {en_fpath}:\n{c.content}"
}

scenario en.files.vague {
    user "Read a file for me"
       | "Can you open a file?"
       | "Show me the first {en_lines} lines of a file"
    ask "Sure, which file?" | "Which file should I open?"
    user "{en_path}" | "It's {en_path}." | "Open {en_path}, please."
    call read_file(path=en_path, max_lines=en_lines) -> c
    assistant "Here's {en_path}:\n{c.content}"
}

# Chain: list by modification time, then read the newest file.
scenario en.files.latest weight 2 {
    user "What does the newest of the {en_textftype} in {en_dir} say?"
       | "Open the most recently modified of the {en_textftype} in {en_dir}"
       | "Find the most recent one among the {en_textftype} in {en_dir} and read it"
    call list_files(directory=en_dir, pattern=en_textftype, sort_by="modified") -> f
    call read_file(path=f[0].path) -> c
    assistant "The newest is {f[0].path} (modified {f[0].modified}, {c.line_count} lines):\n{c.content}"
}

scenario en.email.send weight 3 {
    user "Email {en_email} with the subject \"{en_subject}\" and say: {en_body}"
       | "Send an email to {en_email}. Subject: {en_subject}. Body: {en_body}"
       | "Write to {en_email}, subject \"{en_subject}\", message \"{en_body}\"[, mark it {en_priority}]"
       | "This one is {en_priority}: email {en_email}, subject \"{en_subject}\", body: {en_body}"
    call send_email(to=en_email, subject=en_subject, body=en_body, priority=en_priority) -> m
    assistant "Done, your email to {m.to} has been sent." | "Sent! Message ID: {m.message_id}."
}

scenario en.email.vague weight 2 {
    user "Send an email for me"
       | "I need to send an email"
       | "Help me write an email"
    ask "Sure. Who should it go to, and what are the subject and message?"
            | "Happy to. Please give me the recipient's address, a subject and the message."
    user "To {en_email}, subject \"{en_subject}\": {en_body}"
       | "{en_email} / {en_subject} / {en_body}"
       | "Send it to {en_email}. Subject: {en_subject}. Message: {en_body}"
    call send_email(to=en_email, subject=en_subject, body=en_body) -> m
    assistant "Sent to {en_email}." | "Your email \"{en_subject}\" is on its way."
}

scenario en.email.partial {
    user "Email {en_email}"
       | "Send something to {en_email}"
       | "I want to write to {en_email}"
    ask "Sure. What's the subject, and what should the email say?" | "What subject and message should I use?"
    user "Subject \"{en_subject}\". Say: {en_body}" | "{en_subject}: {en_body}" | "Title it {en_subject} and write: {en_body}"
    call send_email(to=en_email, subject=en_subject, body=en_body) -> m
    assistant "Email \"{en_subject}\" sent to {en_email}."
}

# Chain: the top search result becomes the email's subject and body.
scenario en.search.email {
    user "Search for {en_topic} and email the top result to {en_email}"
       | "Look up {en_topic}, then send the best result to {en_email}"
       | "Find {en_topic} and mail the first result's summary to {en_email}"
    call web_search(query=en_topic) -> s
    call send_email(to=en_email, subject=s[0].title, body=s[0].snippet) -> m
    assistant "I sent \"{s[0].title}\" to {en_email}."
}

# Chain: translate, then email the translation.
scenario en.translate.email {
    user "Translate \"{en_text}\" into {en_lang} and email it to {en_email}"
       | "Put this into {en_lang} and send it to {en_email}: {en_text}"
    call translate_text(text=en_text, target_language=en_lang) -> t
    call send_email(to=en_email, subject="Translation", body=t.translated_text) -> m
    assistant "I sent the {en_lang} translation (\"{t.translated_text}\") to {en_email}."
}
