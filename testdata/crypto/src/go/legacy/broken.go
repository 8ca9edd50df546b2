package legacy

func Broken( {
