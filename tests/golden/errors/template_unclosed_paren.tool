scenario s {
    user "(请问|麻烦问下{city}的天气"
}
