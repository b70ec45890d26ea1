toolx get_weather {}
