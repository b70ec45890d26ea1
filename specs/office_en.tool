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
# folders where any kind of file is at home
slot en_anydir   = "~/Documents" | "~/Downloads" | "~/Desktop" | "C:/Users/alex/Projects" | "/home/admin/backup"
                 | "~/work/shared"
# folders where any kind of text file is at home (the newest CSV "in /var/log" or "in ~/Pictures" is not)
slot en_textdir  = "~/Documents" | "~/Downloads" | "~/Desktop" | "/data/reports" | "~/projects/website"
                 | "/home/admin/backup" | "C:/Users/alex/Projects" | "~/work/shared"
slot en_textftype = { "Markdown files": "*.md", "text files": "*.txt", "log files": "*.log", "CSV files": "*.csv",
                      "Python scripts": "*.py" }
slot en_sort_files = { "by size": "size", "by date modified": "modified", "by name": "name" }
slot en_path     = "~/notes/todo.txt" | "/etc/hosts" | "./README.md" | "~/Documents/meeting-notes.txt"
                 | "/var/log/nginx/error.log" | "config.yaml" | "~/Desktop/shopping-list.txt" | "./docs/api.md"
                 | "/data/reports/weekly.txt" | "requirements.txt" | "~/journal/2024.md" | "/opt/app/config/settings.ini"
# text files of pools_office_en.tool's file_names["*.txt"], each with its own content (file_text)
slot en_fpath    = "~/notes/memo.txt" | "~/Documents/shopping_list.txt" | "~/Desktop/todo.txt" | "~/Downloads/readme.txt"
                 | "~/notes/reading_notes.txt" | "~/Documents/contacts.txt" | "~/projects/api/setup_notes.txt"
                 | "~/Desktop/draft.txt" | "~/Music/lyrics.txt" | "~/notes/ideas.txt" | "~/Documents/tracking_numbers.txt"
                 | "~/Documents/journal.txt" | "/home/alex/notes/memo.txt" | "/home/sam/Documents/ideas.txt"
                 | "C:/Users/alex/Desktop/draft.txt" | "D:/notes/reading_notes.txt" | "~/Dropbox/contacts.txt"
                 | "/Users/kim/Desktop/todo.txt" | "~/work/setup_notes.txt" | "/home/alex/Music/lyrics.txt"
slot en_lines    = 10 | 15 | 20 | 25 | 30 | 40 | 50 | 60 | 80 | 100 | 120 | 150 | 200  # the counts people ask for
slot en_email    = faker.email
# an email's subject and the body that goes with it (`{en_mail}` is the subject, `{en_mail.value}` the body)
slot en_mail     = { "Friday meeting moved": "The meeting is moved to Monday at 10 am, same room.",
                     "Q3 report draft": "The Q3 report draft is in the shared folder; please review it.",
                     "Project status update": "We're 80% done and on track to ship by the end of the month.",
                     "Time-off request": "I'd like to take next Tuesday off; my work is covered.",
                     "Contract feedback": "Clause 3 needs another look regarding payment terms.",
                     "Travel plans for next week": "Flights are booked; we leave Wednesday morning.",
                     "Interview invitation": "Please join us for an interview tomorrow at 2 pm.",
                     "Invoice sent": "The invoice went out today; payment is due in 30 days.",
                     "Team outing sign-up": "The team outing is this Saturday; please sign up.",
                     "Scheduled maintenance tonight": "The system will be down from 10 pm to midnight.",
                     "Launch plan": "The launch moves to the 15th; the checklist is in the shared folder.",
                     "Budget approval needed": "Please approve next month's team budget by Friday." }
slot en_priority = { "urgent": "high", "high-priority": "high", "important": "high", "low-priority": "low", "not urgent": "low" }
slot en_topic    = "latest advances in artificial intelligence" | "best-selling electric cars this year"
                 | "LoRA fine-tuning for large language models" | "Rust vs Go performance" | "remote work productivity tips"
                 | "climate change report 2024" | "PostgreSQL index tuning" | "marathon training plan for beginners"

# a kind of file is asked for in folders where any kind is at home (PDFs "in /var/log" or log files "in ~/Pictures"
# are no request anybody makes); every folder is listed whole
scenario en.files.list {
    user "What's in {en_anydir}?"
       | "List the {en_ftype} in {en_anydir}"
       | "Show me the files in {en_anydir}"
       | "Are there any {en_ftype} in {en_anydir}?"
       | "Find {en_ftype} in {en_anydir}[ for me]"
    call list_files(directory=en_anydir, pattern=en_ftype) -> f
    assistant "I found {len(f)} files in {en_anydir}:{for x in f}\n- {x.path} ({x.size_kb} KB){endfor}"
            | "{len(f)} files in {en_anydir}:{for x in f}\n- {x.name}, last modified {x.modified}{endfor}"
}

scenario en.files.browse {
    user "What's in {en_dir}?" | "Show me the files in {en_dir}" | "List everything in {en_dir}"
    call list_files(directory=en_dir) -> f
    assistant "I found {len(f)} files in {en_dir}:{for x in f}\n- {x.path} ({x.size_kb} KB){endfor}"
            | "{len(f)} files in {en_dir}:{for x in f}\n- {x.name}, last modified {x.modified}{endfor}"
}

scenario en.files.recursive {
    user "Recursively list all {en_ftype} under {en_anydir}"
       | "Find all {en_ftype} in {en_anydir}, including subfolders"
       | "Search {en_anydir} and all its subdirectories for {en_ftype}"
    call list_files(directory=en_anydir, pattern=en_ftype, recursive=true) -> f
    assistant "Found {len(f)} files under {en_anydir}:{for x in f}\n- {x.path}{endfor}"
}

scenario en.files.largest {
    user "What's taking up the most space in {en_anydir}?"
       | "Show me the biggest files in {en_anydir}"
       | "Which file in {en_anydir} is the largest?"
    call list_files(directory=en_anydir, sort_by="size") -> f
    assistant case {
        when f[0].size_kb == f[1].size_kb: "{f[0].path} and {f[1].path} are the largest, {f[0].size_kb} KB each."
        else: "The largest is {f[0].path} ({f[0].size_kb} KB), followed by {f[1].path} ({f[1].size_kb} KB)."
    }
}

scenario en.files.sorted {
    user "List the {en_ftype} in {en_anydir} {en_sort_files}"
       | "Sort the {en_ftype} in {en_anydir} {en_sort_files}"
    call list_files(directory=en_anydir, pattern=en_ftype, sort_by=en_sort_files) -> f
    assistant "{len(f)} matching files in {en_anydir}:{for x in f}\n- {x.name} ({x.size_kb} KB, modified {x.modified}){endfor}"
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
    user "What does the newest of the {en_textftype} in {en_textdir} say?"
       | "Open the most recently modified of the {en_textftype} in {en_textdir}"
       | "Find the most recent one among the {en_textftype} in {en_textdir} and read it"
    call list_files(directory=en_textdir, pattern=en_textftype, sort_by="modified") -> f
    call read_file(path=f[0].path) -> c
    assistant "The newest is {f[0].path} (modified {f[0].modified}, {c.line_count} lines):\n{c.content}"
}

scenario en.email.send weight 3 {
    user "Email {en_email} with the subject \"{en_mail}\" and say: {en_mail.value}"
       | "Send an email to {en_email}. Subject: {en_mail}. Body: {en_mail.value}"
       | "Write to {en_email}, subject \"{en_mail}\", message \"{en_mail.value}\"[, mark it {en_priority}]"
       | "This one is {en_priority}: email {en_email}, subject \"{en_mail}\", body: {en_mail.value}"
    call send_email(to=en_email, subject=en_mail.text, body=en_mail, priority=en_priority) -> m
    assistant "Done, your email to {m.to} has been sent." | "Sent! Message ID: {m.message_id}." | "Done, it went through."
}

scenario en.email.vague weight 2 {
    user "Send an email for me"
       | "I need to send an email"
       | "Help me write an email"
    ask "Sure. Who should it go to, and what are the subject and message?"
            | "Happy to. Please give me the recipient's address, a subject and the message."
    user "To {en_email}, subject \"{en_mail}\": {en_mail.value}"
       | "{en_email} / {en_mail} / {en_mail.value}"
       | "Send it to {en_email}. Subject: {en_mail}. Message: {en_mail.value}"
    call send_email(to=en_email, subject=en_mail.text, body=en_mail) -> m
    assistant "Sent to {m.to}." | "Your email \"{m.subject}\" is on its way."
}

scenario en.email.partial {
    user "Email {en_email}"
       | "Send something to {en_email}"
       | "I want to write to {en_email}"
    ask "Sure. What's the subject, and what should the email say?" | "What subject and message should I use?"
    user "Subject \"{en_mail}\". Say: {en_mail.value}" | "{en_mail}: {en_mail.value}" | "Title it {en_mail} and write: {en_mail.value}"
    call send_email(to=en_email, subject=en_mail.text, body=en_mail) -> m
    assistant "Email \"{m.subject}\" sent to {m.to}."
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

# ------------------------------------------------------------------------------------------ cc and attachments, errors, deletions

# an email that carries a file: a subject and body that fit whatever file is attached (the subjects of `en_mail`,
# "Travel plans for next week", would not go with ./exports/orders.csv), and none of those say "attached"
slot en_attach_mail = { "The file you asked for": "Here is the file you asked for; it's attached.",
                        "For your review": "Please review the attached file and send me your comments by Friday.",
                        "Sharing a file": "Sharing this with you; see the attachment.",
                        "Document from today's meeting": "Attaching the document we discussed in today's meeting.",
                        "For your records": "Attached for your records; no action needed.",
                        "Latest version": "Here's the latest version; it replaces the one I sent last week.",
                        "Quick look, please": "Could you take a quick look at the attached file before tomorrow?",
                        "As discussed": "As discussed, please find the file attached." }
slot en_attach   = "~/Documents/q3_report.pdf" | "./slides/launch_plan.pdf" | "~/Downloads/invoice_1043.pdf"
                 | "/data/reports/weekly.xlsx" | "~/Desktop/contract_v2.docx" | "./exports/orders.csv" | "~/Pictures/team_photo.jpg"
                 | "~/Documents/budget_2025.xlsx"
# mistyped addresses (what the user wrote) and the address the user meant
slot en_bademail = { "anna.lee@gmailcom": "anna.lee@gmail.com", "mark.chen@outlook": "mark.chen@outlook.com",
                     "j.smith@company": "j.smith@company.com", "sara_k@yahoocom": "sara_k@yahoo.com",
                     "tom.w@examplecom": "tom.w@example.com", "priya.n@hotmail": "priya.n@hotmail.com" }
# files asked for by a name that does not exist (tools_office.tool: read_file's not_found), and their folders
slot en_missing  = { "~/Documents/budget_2023.txt": "~/Documents", "~/notes/old_notes.txt": "~/notes",
                     "~/Desktop/draft_v2.txt": "~/Desktop", "/data/reports/meeting_0312.txt": "/data/reports",
                     "~/Documents/plan_final.txt": "~/Documents", "./docs/checklist_v1.txt": "./docs" }
slot en_binfile  = "~/Documents/q3_report.pdf" | "./slides/launch_plan.pdf" | "~/Desktop/contract_v2.docx"
                 | "/data/reports/weekly.xlsx" | "~/Downloads/archive.zip" | "~/Pictures/receipt.jpg"
slot bin_kind_en = { "pdf": "a PDF", "docx": "a Word document", "xlsx": "an Excel spreadsheet", "zip": "a zip archive",
                     "jpg": "an image", "png": "an image" }
# what the user can do instead, by kind of file (an image has no text to export)
slot bin_tip_en  = { "pdf": "If you save it as a .txt file, I can read it.",
                     "docx": "If you save it as a .txt file, I can read it.",
                     "xlsx": "If you export it as .csv, I can read it.",
                     "zip": "If you unzip it, I can read the text files inside.",
                     "jpg": "If you type out the text in it, I can help with that.",
                     "png": "If you type out the text in it, I can help with that." }
slot en_delpath  = "~/Downloads/old_installer.dmg" | "~/Desktop/untitled.txt" | "./build/app.log" | "~/Downloads/invoice_copy.pdf"
                 | "/tmp/cache.db" | "~/Documents/draft_old.docx" | "./dist/bundle.zip" | "~/Pictures/IMG_0001_copy.jpg"

# List arguments: recipients to copy.
scenario en.email.cc weight 2 {
    user "Email {en_email} about \"{en_mail}\" and cc {en_email as c1}[ and {en_email as c2}]: {en_mail.value}"
       | "Send an email to {en_email}, copy {en_email as c1}[ and {en_email as c2}]. Subject: {en_mail}. Body: {en_mail.value}"
       | "Write to {en_email} with {c1}[ and {c2}] on cc, subject \"{en_mail}\", saying: {en_mail.value}"
    call send_email(to=en_email, subject=en_mail.text, body=en_mail, cc=[c1, c2]) -> m
    assistant "Sent to {m.to} with {for c in m.cc}{c}{sep}, {lastsep} and {endfor} on copy."
            | "Done: \"{m.subject}\" went to {m.to}, cc {for c in m.cc}{c}{sep}, {lastsep} and {endfor}."
}

# List arguments: files to attach.
scenario en.email.attach {
    user "Send {en_attach} to {en_email} with the subject \"{en_attach_mail}\" and the message: {en_attach_mail.value}"
       | "Email {en_email} the file {en_attach}. Subject: {en_attach_mail}. Body: {en_attach_mail.value}"
       | "Attach {en_attach} and send it to {en_email}[, cc {en_email as c1}]; subject \"{en_attach_mail}\", text: {en_attach_mail.value}"
    call send_email(to=en_email, subject=en_attach_mail.text, body=en_attach_mail, attachments=[en_attach], cc=[c1]) -> m
    assistant "Sent \"{m.subject}\" to {m.to} with {en_attach} attached." | "Done, the email with the attachment is on its way to {m.to}."
}

# Error and a question to the user: a mistyped address; the user corrects it and the email goes out.
scenario en.email.bad_address {
    user "Email {en_bademail} with the subject \"{en_mail}\" and say: {en_mail.value}"
       | "Send a message to {en_bademail}. Subject: {en_mail}. Body: {en_mail.value}"
    call send_email(to=en_bademail.text, subject=en_mail.text, body=en_mail) fails bad_address
    ask "The email wasn't sent: {en_bademail} isn't a valid address. Could you check it?"
      | "The mail server rejected {en_bademail} as an invalid address, so nothing was sent. What's the correct address?"
    user "Oops, it's {lower(en_bademail)}" | "Sorry, I meant {lower(en_bademail)}." | "Try {lower(en_bademail)}"
    call send_email(to=en_bademail, subject=en_mail.text, body=en_mail) -> m
    assistant "Sent to {m.to} this time." | "Done, \"{m.subject}\" went to {m.to}."
}

# Error, explained: the mail server is down.
scenario en.email.unavailable {
    user "Email {en_email} with the subject \"{en_mail}\": {en_mail.value}"
       | "Send {en_email} a note titled \"{en_mail}\" saying: {en_mail.value}"
    call send_email(to=en_email, subject=en_mail.text, body=en_mail) -> m fails unavailable 100%
    assistant "Sorry, the email wasn't sent: the mail server is temporarily unavailable. Please try again in a few minutes."
            | "I couldn't send it because the mail server is down right now. Nothing went out; we can try again later."
}

scenario en.email.declined {
    user "Email {en_email} with the subject \"{en_mail}\" and say: {en_mail.value}"
       | "Send an email to {en_email}. Subject: {en_mail}. Body: {en_mail.value}"
    call send_email(to=en_email, subject=en_mail.text, body=en_mail) declined
    assistant "OK, I won't send it." | "No problem, the email hasn't been sent."
}

# Error, a listing and a question to the user: the file does not exist; the user picks "the second one".
scenario en.files.missing weight 2 {
    user "Open {en_missing}" | "Read {en_missing} for me" | "What's in {en_missing}?"
    call read_file(path=en_missing.text) fails not_found
    call list_files(directory=en_missing, pattern="*.txt") -> f
    ask "I couldn't find {en_missing}. The text files in that folder include {f[0].name} and {f[1].name}. Which one should I open?"
      | "{en_missing} doesn't exist. The text files in that folder include {f[0].name} and {f[1].name}. Did you mean one of those?"
    user "The second one" | "Open the second one." | "{f[1].name}, please"
    call read_file(path=f[1].path) -> c
    assistant "Here's {f[1].name} ({c.line_count} lines):\n{c.content}"
}

# Error, explained: read_file reads text only.
scenario en.files.binary {
    user "Read {en_binfile} for me" | "Open {en_binfile} and tell me what it says" | "What's in {en_binfile}?"
    call read_file(path=en_binfile) fails binary_file
    assistant "I can't open that one: {en_binfile} is {bin_kind_en[suffix(en_binfile)]}, and my file tool only reads plain text files. {bin_tip_en[suffix(en_binfile)]}"
}

# A session: list, read "the first one", then delete "the second one" (confirmed first).
scenario en.files.session {
    user "What {en_textftype} are in {en_textdir}?" | "List the {en_textftype} in {en_textdir}"
    call list_files(directory=en_textdir, pattern=en_textftype) -> f
    assistant "There are {len(f)}: {for x in f}{x.name}{sep}, {lastsep} and {endfor}."
    user "Open the first one" | "What does the first one say?"
    call read_file(path=f[0].path) -> c
    assistant "{f[0].name} ({c.line_count} lines):\n{c.content}"
    user "OK. Now delete the second one" | "Thanks. The second one is obsolete, please delete it"
    call delete_file(path=f[1].path) -> d
    assistant "Deleted {d.path}." | "Done, {f[1].name} is gone."
}

scenario en.files.delete {
    user "Delete {en_delpath}" | "Please remove {en_delpath}" | "Get rid of {en_delpath}[, I don't need it]"
    call delete_file(path=en_delpath) -> d
    assistant "Deleted {d.path}." | "Done, {en_delpath} has been deleted."
            | "All done: the request completed successfully. Anything else?"
            | "All done! I've taken care of that for you and everything went through successfully, with the result confirmed. Let me know if there is anything else you need."
}

scenario en.files.delete_declined {
    user "Delete {en_delpath}" | "Remove {en_delpath}"
    call delete_file(path=en_delpath) declined
    assistant "OK, I left {en_delpath} where it is." | "Fine, nothing was deleted."
}

# No tool fits: the email tool is withheld.
scenario en.refuse.email {
    tools list_files, read_file
    withhold send_email
    user "Email {en_email} and tell them: {en_mail.value}" | "Send a message to {en_email} with the subject \"{en_mail}\""
    refuse "Sorry, I can't send emails here: none of the tools I have can send mail. I can help you draft the text, though."
         | "I'm not able to send email with my current tools, so you'll need to send it yourself."
        pretend "Sent! {en_email} will have it in a moment." | "Done: the email to {en_email} went out."
            | "Done: I've sent the email to {en_email} just now, and it was delivered without any problems. They should see it in their inbox within a minute or two."
}
