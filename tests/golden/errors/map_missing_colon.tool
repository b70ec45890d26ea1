slot day = { "今天": +0d, "明天" +1d }
